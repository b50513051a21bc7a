#if Console
import Foundation
import ShardedJobsOperations

/// The live parts of a job's page, each a template partial that server-sent events replace
/// in place: `job-status`, `job-sharding`, `job-instances`, `job-servers`.
struct JobFragments: Sendable {
    /// The job's name (for the forms' actions).
    let job: String
    /// The session's CSRF token for the forms.
    let csrf: String
    /// Whether the action buttons are shown.
    let canAct: Bool
    /// Status, type, leader and counts.
    let status: StatusBlock
    /// One row per item.
    let sharding: [ItemRow]
    /// One row per live instance.
    let instances: [InstanceRow]
    /// One row per server.
    let servers: [ServerRow]

    /// The fragments of a view, for a visitor who may (or may not) act.
    init(job: String, view: JobView, csrf: String, canAct: Bool) {
        self.job = job
        self.csrf = csrf
        self.canAct = canAct
        let report = view.status
        status = StatusBlock(
            status: report.status.rawValue, statusClass: report.status.rawValue.lowercased(), jobType: report.jobType,
            cron: report.cron, description: report.description, leader: report.leader ?? "none",
            instances: report.instanceCount, items: report.shardingTotalCount,
            running: report.runningItems.isEmpty ? "" : report.runningSummary(nowMillis: Int64(Date().timeIntervalSince1970 * 1000)),
            policies: report.policies.keys.sorted().map { "\($0)=\(report.policies[$0] ?? "")" }.joined(separator: ", "),
            pauseNote: report.paused ? report.note : nil,
            label: report.label, statusReason: report.statusReason.isEmpty ? nil : report.statusReason,
            disabledItems: report.disabledItems.map(String.init).joined(separator: ", "))
        sharding = view.sharding.map { info in
            ItemRow(
                item: info.item, owner: info.instanceId ?? "—", serverIp: info.serverIp ?? "—", status: info.status.rawValue,
                statusClass: info.status.rawValue.lowercased(), failover: info.failover, disabled: info.status == .disabled)
        }
        instances = view.instances.map { instance in
            InstanceRow(
                id: instance.instanceId, serverIp: instance.serverIp, serverStatus: instance.serverStatus, leader: instance.leader,
                items: instance.items.map(String.init).joined(separator: ", "), labels: instance.labels ?? "", draining: instance.draining)
        }
        servers = report.servers.keys.sorted().map { ip in
            let state = report.servers[ip] ?? "ENABLED"
            return ServerRow(
                ip: ip, status: state, disabled: state == "DISABLED",
                instances: view.instances.filter { $0.serverIp == ip }.count)
        }
    }
}

/// The job's status block.
struct StatusBlock: Sendable {
    let status: String
    let statusClass: String
    let jobType: String
    let cron: String
    let description: String
    let leader: String
    let instances: Int
    let items: Int
    let running: String
    /// The execution policies in effect, `timeout=30s, …` (empty when none is set).
    let policies: String
    /// The pause note of a paused job, nil when it is not paused (mustache shows an empty
    /// string's section).
    let pauseNote: String?
    /// The label an instance must carry to run the job's items; empty when none.
    let label: String
    /// Why the items run nowhere (`no instance carries label "gpu"`), nil otherwise.
    let statusReason: String?
    let disabledItems: String
}

/// One row of the sharding table.
struct ItemRow: Sendable {
    let item: Int
    let owner: String
    let serverIp: String
    let status: String
    let statusClass: String
    let failover: Bool
    let disabled: Bool
}

/// One row of the instances table.
struct InstanceRow: Sendable {
    let id: String
    let serverIp: String
    let serverStatus: String
    let leader: Bool
    let items: String
    /// Its placement labels, `gpu,ssd` (empty when none).
    let labels: String
    /// Whether it is drained: its items move to the other instances.
    let draining: Bool
}

/// One row of the servers table.
struct ServerRow: Sendable {
    let ip: String
    let status: String
    let disabled: Bool
    let instances: Int
}
#endif
