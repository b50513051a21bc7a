/// Placement's one judgement shared by the leader's view and the operators' tools (DESIGN 12.8).
package enum Placement {
    /// Why a job's items go to nobody though instances on enabled servers are live: none
    /// carries the job's `label`, or every one that may run it is drained. Each live instance
    /// comes with its labels (nil: not read yet) and whether it is drained. Nil when one may run
    /// the items, when none is live, or while the labels of an undrained one are unknown.
    package static func unplacedReason(label: String?, live: [(labels: Set<String>?, drained: Bool)]) -> String? {
        guard !live.isEmpty else { return nil }
        let undrained = live.filter { !$0.drained }
        if let label {
            guard undrained.allSatisfy({ $0.labels != nil }), !undrained.contains(where: { $0.labels?.contains(label) == true })
            else { return nil }
            if !live.contains(where: { $0.labels?.contains(label) == true }) { return "no instance carries label \"\(label)\"" }
        } else if !undrained.isEmpty {
            return nil
        }
        return "every instance that may run it is drained"
    }
}
