import Testing

@testable import ShardedJobs
import TestSupport

/// Instance ids `{ip}@-@{pid}[-{suffix}]`: parsing, formatting, order, the local IP.
@Suite struct JobInstanceIDTests {
    @Test func formatsElasticJobIds() {
        #expect(JobInstanceID(ip: "10.0.0.5", pid: 1234).description == "10.0.0.5@-@1234")
        #expect(JobInstanceID(ip: "10.0.0.5", pid: 1234, suffix: 2).description == "10.0.0.5@-@1234-2")
        #expect(JobInstanceID.delimiter == "@-@")
    }

    @Test func parsesIdsIntoTheirParts() throws {
        let plain = try #require(JobInstanceID("10.0.0.5@-@1234"))
        #expect(plain.ip == "10.0.0.5")
        #expect(plain.pid == 1234)
        #expect(plain.suffix == nil)
        let suffixed = try #require(JobInstanceID("10.0.0.5@-@1234-2"))
        #expect(suffixed == JobInstanceID(ip: "10.0.0.5", pid: 1234, suffix: 2))
        let ipv6 = try #require(JobInstanceID("fe80:0:0:0:1%eth0@-@7"))
        #expect(ipv6.ip == "fe80:0:0:0:1%eth0")
        #expect(JobInstanceID("127.0.0.1@-@0")?.pid == 0)
    }

    @Test(arguments: [
        "", "10.0.0.5", "10.0.0.5@-@", "@-@1234", "10.0.0.5@-@abc", "10.0.0.5@-@-1", "10.0.0.5@-@0123",
        "10.0.0.5@-@1234-", "10.0.0.5@-@1234-0", "10.0.0.5@-@1234-02", "10.0.0.5@-@1234-2-3", "10.0.0.5@-@12 34",
        "10.0/8@-@1", "10.0.0.5@-@12345678901", "10.0.0.5@-@1234-x",
        "10.0.0.5@-@550e8400-e29b-41d4-a716-446655440000",
    ])
    func rejectsMalformedIds(text: String) {
        #expect(JobInstanceID(text) == nil)
    }

    @Test func parsingAndFormattingRoundTrip() {
        var random = ConfigurationRandom(seed: 5)
        for _ in 0..<500 {
            let id = JobInstanceID(
                ip: "\(random.int(0...255)).\(random.int(0...255)).\(random.int(0...255)).\(random.int(0...255))",
                pid: random.int(0...4_194_304), suffix: random.chance(0.3) ? random.int(1...9999) : nil)
            #expect(JobInstanceID(id.description) == id)
        }
    }

    @Test func comparesByStringForm() {
        let ids = ["10.0.0.5@-@99", "10.0.0.5@-@1234", "10.0.0.10@-@1", "10.0.0.5@-@1234-2", "9.0.0.1@-@1"]
            .compactMap(JobInstanceID.init)
        #expect(ids.count == 5)
        #expect(ids.sorted().map(\.description)
            == ["10.0.0.10@-@1", "10.0.0.5@-@1234", "10.0.0.5@-@1234-2", "10.0.0.5@-@99", "9.0.0.1@-@1"])
        #expect(ids.sorted(by: >).first?.description == "9.0.0.1@-@1")
    }

    @Test func choosesTheFirstNonLoopbackAddressOfAnUpInterface() {
        typealias Address = JobInstanceID.InterfaceAddress
        let loopback = Address(name: "lo", address: "127.0.0.1", isUp: true, isLoopback: true)
        let down = Address(name: "eth0", address: "10.0.0.9", isUp: false, isLoopback: false)
        let eth1 = Address(name: "eth1", address: "10.0.0.5", isUp: true, isLoopback: false)
        let docker = Address(name: "docker0", address: "172.17.0.1", isUp: true, isLoopback: false)
        #expect(JobInstanceID.chooseIPAddress(from: [loopback, down, eth1, docker]) == "10.0.0.5")
        #expect(JobInstanceID.chooseIPAddress(from: [loopback, docker, eth1]) == "172.17.0.1")
        #expect(JobInstanceID.chooseIPAddress(from: [loopback, down]) == "127.0.0.1")
        #expect(JobInstanceID.chooseIPAddress(from: []) == "127.0.0.1")
    }

    @Test func localIdUsesThisHostAndProcess() {
        let addresses = JobInstanceID.interfaceAddresses()
        #expect(addresses.contains { $0.isLoopback && $0.address == "127.0.0.1" })
        let chosen = JobInstanceID.defaultIPAddress()
        #expect(chosen == JobInstanceID.chooseIPAddress(from: addresses))
        #expect(chosen.split(separator: ".").count == 4)
        let local = JobInstanceID.local()
        #expect(local.ip == chosen)
        #expect(local.pid > 0)
        #expect(local.suffix == nil)
        #expect(JobInstanceID.local(ip: "192.0.2.7", suffix: 3).description == "192.0.2.7@-@\(local.pid)-3")
    }
}
