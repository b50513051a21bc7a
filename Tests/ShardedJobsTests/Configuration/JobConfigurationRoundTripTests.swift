import Testing

@testable import ShardedJobs
import TestSupport

/// Encoding then decoding gives back exactly the same configuration, for generated configurations.
@Suite struct JobConfigurationRoundTripTests {
    @Test func generatedConfigurationsRoundTrip() throws {
        for seed: UInt64 in 1...600 {
            var random = ConfigurationRandom(seed: seed)
            let configuration = try random.configuration()
            let yaml = configuration.yaml
            let decoded: JobConfiguration
            do {
                decoded = try JobConfiguration(yaml: yaml)
            } catch {
                Issue.record("seed \(seed): \(error)\n\(yaml)")
                continue
            }
            #expect(decoded == configuration, "seed \(seed):\n\(yaml)")
            #expect(decoded.yaml == yaml, "seed \(seed)")
        }
    }

    @Test func everyScalarReadsBackAsTheSameString() throws {
        var random = ConfigurationRandom(seed: 42)
        var samples = ConfigurationRandom.trickyWords
        for _ in 0..<2000 { samples.append(random.string(maxLength: 16)) }
        for sample in samples where sample.unicodeScalars.first != "\u{FEFF}" && sample != "value" {
            let written = YAMLScalar.format(sample)
            let reader = try YAMLMappingReader("value: \(written)\n\(written): key\n")
            #expect(try reader.string("value") == sample, "\(sample.debugDescription) written as \(written)")
            // Not a null, boolean, number or date, however it is written.
            #expect(reader.resolvesToString("value"), "\(sample.debugDescription) written as \(written)")
            // The same text works as a mapping key (props keys are written this way).
            if !sample.isEmpty {
                #expect(try reader.string(sample) == "key", "\(sample.debugDescription) as a key")
            }
        }
    }

    @Test func generatedDocumentsKeepTheirShape() throws {
        // Whatever the values, the document has one line per scalar key and no other top-level lines.
        for seed: UInt64 in 1...100 {
            var random = ConfigurationRandom(seed: seed)
            let configuration = try random.configuration()
            let topLevel = configuration.yaml.split(separator: "\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("- ") }
            let optionalCount = [configuration.schedule.timeZoneIdentifier, configuration.shardingStrategy?.rawValue,
                                 configuration.errorHandler?.rawValue, configuration.jobExecutorThreadPoolSizeProviderType, configuration.label]
                .compactMap { $0 }.count
            let expected = 14 + optionalCount + (configuration.jobListenerTypes.isEmpty ? 0 : 1)
                + (configuration.props.isEmpty ? 0 : 1)
            #expect(topLevel.count == expected, "seed \(seed)")
        }
    }

    @Test func aLeadingByteOrderMarkIsLostOnReading() throws {
        // Yams decodes scalars with Foundation, which drops a leading U+FEFF;
        // one anywhere else survives. Documented in docs/configuration.md.
        var configuration = JobConfiguration(name: "a", schedule: try .cron("0 * * * * ?"), shardingTotalCount: 1)
        configuration.description = "\u{FEFF}x\u{FEFF}y"
        #expect(configuration.yaml.contains("description: \"\\uFEFFx\\uFEFFy\"\n"))
        #expect(try JobConfiguration(yaml: configuration.yaml).description == "x\u{FEFF}y")
    }
}
