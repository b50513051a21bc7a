import ShardedJobs

/// What one job went through in a seed, read from the twin's commits (never from the fault
/// schedule's intentions): its schedule and item-count changes, the lifetimes of its items,
/// their owners, its servers' and items' `disabled` periods, and the manual triggers.
struct JobFacts {
    /// A change of the job's cron at `at` (the config node's mtime) to `periodMillis`.
    struct ScheduleSegment {
        let from: Int64
        let periodMillis: Int64
    }

    /// One life of a `sharding/{item}` node: fires after `createdLast` and up to `deletedLast`
    /// (its `last` when it was deleted) are owed.
    struct ItemLife {
        var createdLast: Int64
        var deletedLast: Int64?
    }

    let name: String
    /// The job's active window, if it has one: no fire lies outside it.
    let window: ActiveWindow?
    /// The schedule's segments in time order, the first from the start.
    var segments: [ScheduleSegment] = []
    var maxItems: Int
    var lives: [Int: [ItemLife]] = [:]
    /// Owner instance ids of each item over time: (time, instance id or nil).
    var owners: [Int: [(at: Int64, instance: String?)]] = [:]
    /// `DISABLED` periods of each server: (from, to or nil).
    var serverDisabled: [String: [(from: Int64, to: Int64?)]] = [:]
    /// Periods in which every server was disabled at once (a job disabled by the operator).
    var jobDisabled: [(from: Int64, to: Int64?)] = []
    /// `disabled` periods of each item.
    var itemDisabled: [Int: [(from: Int64, to: Int64?)]] = [:]
    /// When triggers were created.
    var triggers: [Int64] = []

    init(job: SeedPlan.Job, changes: [NodeHistory.Change]) {
        name = job.name
        window = ActiveWindow(from: job.activeFromMillis, until: job.activeUntilMillis)
        maxItems = job.items
        segments = [ScheduleSegment(from: .min, periodMillis: Int64(job.periodSeconds) * 1000)]
        var disabledServers: [String: Int64] = [:]
        var servers: Set<String> = []
        for change in changes where change.job == name {
            read(change, disabledServers: &disabledServers, servers: &servers)
        }
    }

    private mutating func read(_ change: NodeHistory.Change, disabledServers: inout [String: Int64], servers: inout Set<String>) {
        let node = change.node
        if node == "config" {
            guard let text = change.after, let configuration = try? JobConfiguration(yaml: text) else { return }
            maxItems = max(maxItems, configuration.shardingTotalCount)
            let period = configuration.schedule.fixedRateMillis ?? configuration.schedule.cron.flatMap(Self.periodMillis)
            if let period, period != segments.last?.periodMillis {
                segments.append(ScheduleSegment(from: change.time, periodMillis: period))
            }
        } else if let item = NodeHistory.item(of: node) {
            if change.before == nil, let last = change.after.flatMap({ Int64($0) }) {
                lives[item, default: []].append(ItemLife(createdLast: last))
            } else if change.after == nil, let last = change.before.flatMap({ Int64($0) }), !(lives[item]?.isEmpty ?? true) {
                lives[item]![lives[item]!.count - 1].deletedLast = last
            }
        } else if node.hasPrefix("sharding/"), node.hasSuffix("/instance"), let item = Int(node.split(separator: "/")[1]) {
            owners[item, default: []].append((change.time, change.after))
        } else if node.hasPrefix("sharding/"), node.hasSuffix("/disabled"), let item = Int(node.split(separator: "/")[1]) {
            if change.before == nil {
                itemDisabled[item, default: []].append((change.time, nil))
            } else if change.after == nil, let open = itemDisabled[item]?.indices.last {
                itemDisabled[item]![open].to = change.time
            }
        } else if node.hasPrefix("servers/") {
            let ip = String(node.dropFirst("servers/".count))
            servers.insert(ip)
            let disabled = change.after == "DISABLED"
            if disabled, disabledServers[ip] == nil {
                disabledServers[ip] = change.time
                serverDisabled[ip, default: []].append((change.time, nil))
                if servers.allSatisfy({ disabledServers[$0] != nil }) { jobDisabled.append((change.time, nil)) }
            } else if !disabled, disabledServers.removeValue(forKey: ip) != nil {
                if let open = serverDisabled[ip]?.indices.last { serverDisabled[ip]![open].to = change.time }
                if let open = jobDisabled.indices.last, jobDisabled[open].to == nil { jobDisabled[open].to = change.time }
            } else if !disabled, change.after != nil, let open = jobDisabled.indices.last, jobDisabled[open].to == nil {
                // A new server node written enabled (an instance starting on a new IP, as in
                // ElasticJob): the job runs again there, so its disabled period ends.
                jobDisabled[open].to = change.time
            }
        } else if node.hasPrefix("trigger/"), change.before == nil {
            triggers.append(change.time)
        }
    }

    /// The period of a `0/N * * * * ?` cron, in ms (a fixed rate's is its rate).
    static func periodMillis(of cron: String) -> Int64? {
        guard cron.hasPrefix("0/"), let seconds = Int64(cron.dropFirst(2).prefix { $0 != " " }) else { return nil }
        return seconds * 1000
    }

    /// The period in effect at `time` (the old schedule up to and including a change's instant).
    func period(at time: Int64) -> Int64 {
        segments.last { $0.from < time }?.periodMillis ?? segments[0].periodMillis
    }

    /// Every scheduled fire from `start` to `end` under the segments, inside the active window
    /// unless `insideWindow` is false.
    func fires(from start: Int64, to end: Int64, insideWindow: Bool = true) -> [Int64] {
        var fires: [Int64] = []
        for (index, segment) in segments.enumerated() {
            let lower = max(start, segment.from == .min ? start : segment.from + 1)
            let upper = index + 1 < segments.count ? min(end, segments[index + 1].from) : end
            guard lower <= upper else { continue }
            var fire = (lower + segment.periodMillis - 1) / segment.periodMillis * segment.periodMillis
            while fire <= upper {
                if !insideWindow || (window?.contains(fire) ?? true) { fires.append(fire) }
                fire += segment.periodMillis
            }
        }
        return fires
    }
}
