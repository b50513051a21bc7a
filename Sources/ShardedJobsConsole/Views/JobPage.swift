/// A job's page: its live fragments, the configuration editor and the job's actions.
struct JobPage: Sendable {
    /// The header and footer.
    let chrome: Chrome
    /// The job's name.
    let job: String
    /// Status, sharding, instances and servers.
    let fragments: JobFragments
    /// The editor's text: the stored configuration, or the rejected edit.
    let configurationText: String
    /// The number of lines of the editor.
    let configurationRows: Int
    /// Why the last edit was refused, if it was.
    let configurationError: String?
}
