import ShardedJobs
import ShardedJobsZooKeeper

extension JobOperations {
    /// The most fires one backfill may hold: a longer range is refused (split it).
    public static let backfillFireLimit = 100_000

    /// Creates a backfill (DESIGN 12.6): every fire of the job's schedule (and active window)
    /// in `from...to` is run once by each item, oldest first, beside the regular fires.
    ///
    /// Writes `/{job}/backfill/{id}` with the record `{fromMs} {toMs} active {createdMs}`
    /// (creating `/{job}/backfill` when missing); the workers watch those children, and their
    /// leader's reconcile deletes the backfill once every item below the item count has run its
    /// last fire.
    /// Without `id`, the id is `b` followed by the creation instant (epoch ms) in lower-case
    /// base 36, such as `bmf2k3x1a`.
    ///
    /// - Parameters:
    ///   - job: the job's name.
    ///   - from: the first instant of the range (epoch ms, inclusive).
    ///   - to: the last instant of the range (epoch ms, inclusive), not later than now.
    ///   - id: the backfill's id (1 to 64 of `A-Z a-z 0-9 - _`); nil for the default.
    /// - Returns: the id, the range and its fires.
    /// - Throws: ``OperationsError`` `notFound` for an unknown job; `refused` for a job without
    ///   `monitorExecution` or an id already used; `invalidValue` for an invalid id, a range
    ///   that starts after it ends, starts before 1970, ends after now, holds no fire or more
    ///   than ``backfillFireLimit`` fires.
    @discardableResult
    public func backfill(job: String, from: Int64, to: Int64, id: String? = nil) async throws -> BackfillSummary {
        if let id, !BackfillRecord.isValidID(id) {
            throw OperationsError(.invalidValue, "\"\(id)\" is not a backfill id: use 1 to 64 letters, digits, '-' and '_'")
        }
        let range = "from \(UTCInstant.text(millis: from)) to \(UTCInstant.text(millis: to))"
        guard from >= 0 else {
            throw OperationsError(.invalidValue, "the range starts before 1970-01-01T00:00:00Z (\(from) ms): no fire lies there")
        }
        guard from <= to else {
            throw OperationsError(.invalidValue, "the range \(range) ends before it starts: give the earlier instant as its start")
        }
        let now = UTCInstant.nowMillis()
        guard to <= now else {
            throw OperationsError(
                .invalidValue,
                "the range \(range) ends after now (\(UTCInstant.text(millis: now))): a backfill runs past fires; fires after now are the schedule's")
        }
        let configuration = try await configuration(job: job)
        guard configuration.monitorExecution else {
            throw OperationsError(
                .refused,
                "backfill needs monitorExecution: nothing would record which fires ran; job \"\(job)\" runs without it "
                    + "(set it with 'shardctl config set \(job) monitorExecution=true')")
        }
        let limit = Self.backfillFireLimit
        let fires = BackfillRecord(id: "b", fromMillis: from, toMillis: to, createdMillis: now)
            .fires(of: configuration, after: nil, limit: limit + 1)
        guard let first = fires.first, let last = fires.last else {
            throw OperationsError(
                .invalidValue, "job \"\(job)\" has no fire \(range) ('\(configuration.schedule.summary)'): there is nothing to backfill")
        }
        guard fires.count <= limit else {
            throw OperationsError(
                .invalidValue,
                "job \"\(job)\" has more than \(limit) fires \(range), the most one backfill holds; its \(limit)th is at "
                    + "\(UTCInstant.text(millis: fires[limit - 1])): split the range there")
        }
        try await ensureBackfillsNode(job: job)
        var created = now
        for _ in 0..<5 {
            let record = BackfillRecord(
                id: id ?? "b" + String(created, radix: 36), fromMillis: from, toMillis: to, createdMillis: created)
            do {
                try await client.create(path(nodes(job).backfill(record.id)), data: Array(record.data.utf8))
                return BackfillSummary(id: record.id, fromMillis: from, toMillis: to, fires: fires.count, firstFire: first, lastFire: last)
            } catch let error as ZooKeeperError where error.code == .nodeExists {
                guard id == nil else {
                    throw OperationsError(
                        .refused, "job \"\(job)\" already has a backfill \"\(record.id)\": give another id, or leave it out for a new one")
                }
                created += 1  // Another backfill created in the same millisecond: the next id.
            } catch let error as ZooKeeperError where error.code == .noNode {
                throw try await jobNotFound(job)  // Removed meanwhile.
            }
        }
        throw OperationsError(.coordination, "backfills of \"\(job)\" kept being created with the same ids; try again")
    }

    /// Cancels a backfill: its state becomes `cancelled`, so no new fire of it starts; runs of
    /// it in progress complete, and the workers' leader deletes it at its next reconcile.
    ///
    /// A versioned write of the record, repeated when it changed meanwhile. A backfill already
    /// cancelled is returned unchanged. Returns its status after the change.
    ///
    /// - Throws: ``OperationsError`` `notFound` for an unknown job or backfill (a backfill done
    ///   and deleted included); `refused` for a node whose data is not a backfill's.
    public func cancelBackfill(job: String, id: String) async throws -> BackfillStatus {
        let configuration = try await configuration(job: job)
        let node = nodes(job).backfill(id)
        for _ in 0..<5 {
            guard BackfillRecord.isValidID(id), let data = try await optionalData(node) else {
                throw try await backfillNotFound(job: job, id: id)
            }
            guard var record = BackfillRecord(id: id, data: data.string) else {
                throw OperationsError(
                    .refused,
                    "backfill \"\(id)\" of job \"\(job)\" is not readable (\"\(data.string)\"), so no worker runs it: "
                        + "delete \(path(node)) with zkCli if it is not wanted")
            }
            if record.state == .cancelled {
                return try await backfillStatus(job: job, id: id, record: record, configuration: configuration)
            }
            record.state = .cancelled
            do {
                try await client.setData(path(node), data: Array(record.data.utf8), version: data.stat.version)
                return try await backfillStatus(job: job, id: id, record: record, configuration: configuration)
            } catch let error as ZooKeeperError where error.code == .badVersion {
                continue  // Changed meanwhile: read it again.
            } catch let error as ZooKeeperError where error.code == .noNode {
                throw try await backfillNotFound(job: job, id: id)
            }
        }
        throw OperationsError(.coordination, "backfill \"\(id)\" of \"\(job)\" kept changing while it was cancelled; try again")
    }

    /// The job's backfills (DESIGN 12.6) and each item's progress through them, oldest first.
    ///
    /// Lists the children of `/{job}/backfill`, then reads each one's record and progress
    /// nodes concurrently. Items are those below the job's current item count; an item's
    /// progress is the data of `/{job}/backfill/{id}/{item}`, the latest fire of the range it
    /// completed. The state is `cancelled` for a cancelled backfill, `done` for an active one
    /// whose every item has run the range's last fire (the leader is about to delete it), and
    /// `active` otherwise. A child whose data is not a backfill's is listed as `unreadable` with
    /// its data rather than left out, since it sits in the tree until someone deletes it; a
    /// progress node that does not parse counts as no progress. Sorted by creation instant
    /// (an unreadable node's by the node's creation), then id.
    ///
    /// Throws ``OperationsError`` `notFound` for an unknown job, `invalidValue` when its stored
    /// configuration does not parse.
    public func pendingBackfills(job: String) async throws -> [BackfillStatus] {
        let configuration = try await configuration(job: job)
        let paths = nodes(job)
        let ids = try await optionalChildren(paths.backfills) ?? []
        let found = try await concurrently(ids) { id in (id: id, node: try await optionalData(paths.backfill(id))) }
        let present = found.compactMap { entry in entry.node.map { (id: entry.id, node: $0) } }  // Deleted meanwhile: gone.
        let statuses = try await concurrently(present) { entry in
            guard let record = BackfillRecord(id: entry.id, data: entry.node.string) else {
                let status = BackfillStatus(id: entry.id, state: .unreadable, record: nil, data: entry.node.string, fires: 0, items: [])
                return (status: status, created: entry.node.stat.ctime)
            }
            let status = try await backfillStatus(job: job, id: entry.id, record: record, configuration: configuration)
            return (status: status, created: record.createdMillis)
        }
        return statuses.sorted { ($0.created, $0.status.id) < ($1.created, $1.status.id) }.map(\.status)
    }

    /// A readable backfill's status: its record with the fires of its range under
    /// `configuration` and the progress of each item below its item count.
    private func backfillStatus(
        job: String, id: String, record: BackfillRecord, configuration: JobConfiguration
    ) async throws -> BackfillStatus {
        let paths = nodes(job)
        let count = configuration.shardingTotalCount
        let names = try await optionalChildren(paths.backfill(id)) ?? []
        let items = names.compactMap(Int.init).filter { (0..<count).contains($0) }
        let read = try await concurrently(items) { item in
            (item: item, done: try await optionalData(paths.backfillProgress(id, item: item)).flatMap { Int64($0.string) })
        }
        let progress = Dictionary(read.map { ($0.item, $0.done) }, uniquingKeysWith: { first, _ in first })
        let fires = record.fires(of: configuration, after: nil, limit: Self.backfillFireLimit + 1)
        let itemStatuses = (0..<count).map { item in
            let done = progress[item] ?? nil
            return BackfillStatus.Item(
                item: item, latestFire: done, firesDone: done.map { Self.count(of: fires, upTo: $0) } ?? 0,
                finished: record.nextFire(of: configuration, after: done) == nil)
        }
        let state: BackfillStatus.State =
            switch record.state {
            case .cancelled: .cancelled
            case .active: itemStatuses.allSatisfy(\.finished) ? .done : .active
            }
        return BackfillStatus(id: id, state: state, record: record, fires: fires.count, items: itemStatuses)
    }

    /// How many of the ascending `fires` are at or before `instant` (a binary search).
    private static func count(of fires: [Int64], upTo instant: Int64) -> Int {
        var low = 0
        var high = fires.count
        while low < high {
            let middle = (low + high) / 2
            if fires[middle] <= instant { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Creates `/{job}/backfill` (persistent, empty) unless it exists.
    private func ensureBackfillsNode(job: String) async throws {
        do {
            try await client.create(path(nodes(job).backfills))
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            // There already.
        } catch let error as ZooKeeperError where error.code == .noNode {
            throw try await jobNotFound(job)  // Removed meanwhile.
        }
    }

    /// The error for a backfill that does not exist, listing those that do.
    private func backfillNotFound(job: String, id: String) async throws -> OperationsError {
        let ids = (try await optionalChildren(nodes(job).backfills) ?? []).sorted()
        let list = ids.isEmpty ? "it has none" : "its backfills are " + ids.joined(separator: ", ")
        return OperationsError(.notFound, "job \"\(job)\" has no backfill \"\(id)\" (\(list)); 'shardctl pending \(job)' lists them")
    }
}
