import ChaosHarness

/// An item's `running` mark as a chaos test reads it with `getData`: `{instance} {fire} …`,
/// where an instance id is `{ip}@-@{pid}`.
struct RunningMark: Sendable {
    /// The mark's text.
    let text: String
    /// The fire the marked execution runs, when the mark names one.
    let fire: Int64?
    /// The process id of the instance that wrote it, when the mark names one.
    let pid: Int32?

    init(_ text: String) {
        self.text = text
        let fields = text.split(separator: " ")
        fire = fields.dropFirst().first.flatMap { Int64($0) }
        pid = fields.first.flatMap { $0.components(separatedBy: "@-@").last }.flatMap { Int32($0) }
    }

    /// The worker of `workers` that wrote the mark and the fire it runs; throws when the mark
    /// names no worker of theirs.
    func owner(among workers: [ChaosWorker]) throws -> (worker: ChaosWorker, fire: Int64) {
        guard let worker = workers.first(where: { $0.pid == pid }), let fire else {
            throw ChaosError("the mark \(text) names no worker of ours")
        }
        return (worker, fire)
    }
}
