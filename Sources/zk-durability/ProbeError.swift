/// A round that could not be carried out (no leader, a member that would not start).
struct ProbeError: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String

    /// An error saying `description`.
    init(_ description: String) {
        self.description = description
    }
}
