/// One server-sent event of a job's page: a fragment's new HTML.
struct LiveEvent: Sendable, Hashable {
    /// The fragment's name (`status`, `sharding`, `instances`, `servers`), the event's type,
    /// and the `data-live` attribute of the element `console.js` replaces.
    let name: String
    /// The fragment rendered.
    let html: String

    /// The event in the `text/event-stream` format: `event:` then one `data:` line per line.
    var encoded: String {
        "event: \(name)\n" + html.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)\n" }.joined() + "\n"
    }
}
