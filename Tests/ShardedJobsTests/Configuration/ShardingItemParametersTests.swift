import Testing

@testable import ShardedJobs
import TestSupport

/// ElasticJob's `0=north,1=south` string: parsing, formatting, errors.
@Suite struct ShardingItemParametersTests {
    @Test func parsesLikeElasticJob() throws {
        #expect(try ShardingItemParameters.parse("") == [:])
        #expect(try ShardingItemParameters.parse("   ") == [:])
        #expect(try ShardingItemParameters.parse("0=north,1=south") == [0: "north", 1: "south"])
        #expect(try ShardingItemParameters.parse(" 0 = A , 2=B C ") == [0: "A", 2: "B C"])
        #expect(try ShardingItemParameters.parse("10=x,01=y") == [10: "x", 1: "y"])
        #expect(try ShardingItemParameters.parse("0=北京,1=上海") == [0: "北京", 1: "上海"])
        #expect(try ShardingItemParameters.parse("0=a b\tc") == [0: "a b\tc"])
    }

    @Test(arguments: [
        ("0=a,x=b", #"shardingItemParameters: "0=a,x=b": "x" is not an item number"#),
        ("-1=a", #"shardingItemParameters: "-1=a": "-1" is not an item number"#),
        ("=a", #"shardingItemParameters: "=a": "" is not an item number"#),
        ("1234567890=a", #"shardingItemParameters: "1234567890=a": "1234567890" is not an item number"#),
        ("0=a,", #"shardingItemParameters: "0=a,": empty element"#),
        ("0=a,,1=b", #"shardingItemParameters: "0=a,,1=b": empty element"#),
        (",0=a", #"shardingItemParameters: ",0=a": empty element"#),
        ("0", #"shardingItemParameters: "0": "0" is not item=parameter"#),
        ("0=a=b", #"shardingItemParameters: "0=a=b": "0=a=b" has more than one "=""#),
        ("0=", #"shardingItemParameters: "0=": item 0 has an empty parameter"#),
        ("0=a,0=b", #"shardingItemParameters: "0=a,0=b": item 0 is given twice"#),
    ])
    func rejectsMalformedStrings(text: String, message: String) {
        do throws(JobConfigurationError) {
            let parsed = try ShardingItemParameters.parse(text)
            Issue.record("accepted \(text.debugDescription) as \(parsed)")
        } catch {
            #expect(error.key == "shardingItemParameters")
            #expect(error.description == message)
        }
    }

    @Test func formatsItemsInAscendingOrder() {
        #expect(ShardingItemParameters.format([:]) == "")
        #expect(ShardingItemParameters.format([10: "k", 2: "b", 0: "a"]) == "0=a,2=b,10=k")
    }

    @Test func validDictionariesRoundTrip() throws {
        for seed: UInt64 in 1...300 {
            var random = ConfigurationRandom(seed: seed)
            var parameters: [Int: String] = [:]
            for _ in 0..<random.int(0...8) { parameters[random.int(0...99)] = random.itemParameter() }
            try ShardingItemParameters.validate(parameters, shardingTotalCount: 100)
            let text = ShardingItemParameters.format(parameters)
            #expect(try ShardingItemParameters.parse(text) == parameters, "seed \(seed): \(text.debugDescription)")
        }
    }

    @Test func validateWithoutCountChecksOnlyTheParameters() throws {
        try ShardingItemParameters.validate([4999: "x", 100_000: "y"], shardingTotalCount: nil)
        #expect(throws: JobConfigurationError(.invalidValue, key: "shardingItemParameters", message: "item 0 has an empty parameter")) {
            try ShardingItemParameters.validate([0: ""], shardingTotalCount: nil)
        }
    }
}
