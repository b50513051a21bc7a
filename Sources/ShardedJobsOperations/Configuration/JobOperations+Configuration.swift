import Foundation
import ShardedJobs
import ShardedJobsZooKeeper

extension JobOperations {
    /// A job's configuration as stored in its `config` node.
    ///
    /// One round trip. Throws ``OperationsError`` `notFound` for an unknown job and
    /// `invalidValue` when the stored YAML does not parse.
    public func configuration(job: String) async throws -> JobConfiguration {
        try await storedConfiguration(job: job).configuration
    }

    /// Applies changes to a job's configuration, validates the result and writes it.
    ///
    /// The write is conditional on the version read, and retried on a concurrent change, so
    /// no other writer's change is lost. Running instances apply it at once: a new cron
    /// reschedules, a new item count reshards. A new cron or time zone is recorded in the
    /// job's schedule record in the same multi-op (DESIGN 12.5), so that every instance that
    /// reads the new schedule, even one that never knew the old, finds the change and never
    /// catches up a boundary of the new schedule before it. Nothing is written when a change
    /// or the result is invalid (``OperationsError`` `invalidValue`, naming the key). Returns
    /// the configuration written.
    @discardableResult
    public func updateConfiguration(job: String, changes: [ConfigurationChange]) async throws -> JobConfiguration {
        let paths = nodes(job)
        for _ in 0..<5 {
            let (stored, version) = try await storedConfiguration(job: job)
            var updated = stored
            for change in changes { try change.apply(to: &updated) }
            try Self.validate(updated)
            var operations: [ZooKeeperOperation] = [.setData(path: path(paths.config), data: updated.yamlBytes, version: version)]
            if updated.firesDiffer(from: stored) {
                let recorded = try await optionalData(paths.schedule)
                let before = recorded.map { (text: $0.string, modifiedAt: $0.stat.mtime) }
                let record = Array(ScheduleChange.record(from: stored, to: updated, before: before).utf8)
                operations.append(
                    recorded.map { .setData(path: path(paths.schedule), data: record, version: $0.stat.version) }
                        ?? .create(path: path(paths.schedule), data: record))
            }
            do {
                _ = try await client.multi(operations)
                return updated
            } catch let error as ZooKeeperError where [.badVersion, .nodeExists].contains(error.code) {
                continue
            }
        }
        throw OperationsError(.coordination, "the configuration of \"\(job)\" kept changing while it was updated; try again")
    }

    /// Creates a job defined by configuration alone: `/{job}` with the type and its `config`.
    ///
    /// The configuration is validated, must carry the type's required props, and gets this
    /// process's time zone when it names none (every instance then fires at the same
    /// instants). Both nodes are created in one multi-op; workers that run configured jobs
    /// pick the job up. Throws `invalidValue` for an invalid configuration and `refused`
    /// when the job exists.
    public func create(_ configuration: JobConfiguration, type: ConfiguredJobType) async throws {
        let configuration = configuration.withTimeZone(default: .current)
        try Self.validate(configuration)
        for prop in type.requiredProps where (configuration.props[prop] ?? "").isEmpty {
            throw OperationsError(.invalidValue, "a \(type) job needs props.\(prop) (give it with --prop \(prop)=VALUE)")
        }
        let paths = nodes(configuration.jobName)
        do {
            _ = try await client.multi([
                .create(path: path(paths.root), data: Array(type.rawValue.utf8)),
                .create(path: path(paths.config), data: configuration.yamlBytes),
            ])
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            throw OperationsError(
                .refused, "job \"\(configuration.jobName)\" already exists: change it with 'config set', or remove it first")
        } catch let error as ZooKeeperError where error.code == .noNode {
            throw OperationsError(.notFound, "\(namespaceName) does not exist")
        }
    }

    /// Validates a configuration, turning its error into an ``OperationsError``.
    static func validate(_ configuration: JobConfiguration) throws(OperationsError) {
        do throws(JobConfigurationError) {
            try configuration.validate()
        } catch {
            throw OperationsError(.invalidValue, "invalid configuration: \(error.description)")
        }
    }

    private func storedConfiguration(job: String) async throws -> (configuration: JobConfiguration, version: Int32) {
        guard let data = try await optionalData(nodes(job).config) else { throw try await jobNotFound(job) }
        do throws(JobConfigurationError) {
            return (try JobConfiguration(yaml: data.bytes), data.stat.version)
        } catch {
            throw OperationsError(
                .invalidValue,
                "the stored configuration of \"\(job)\" does not parse (\(error.description)); rewrite it whole with zkCli, or remove and re-create the job")
        }
    }
}
