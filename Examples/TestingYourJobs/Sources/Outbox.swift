/// Messages waiting to be published: a table in a real service.
public actor Outbox {
    /// One message.
    public struct Message: Sendable, Hashable {
        /// Its id.
        public let id: Int
        /// Its body.
        public let body: String
    }

    private var waiting: [Int: Message] = [:]
    /// The ids published, in order (a broker in a real service).
    public private(set) var published: [Int] = []
    /// Runs before each publish (a test uses it to act in the middle of a round).
    private var beforePublish: (@Sendable ([Int]) async -> Void)?

    /// An outbox holding messages `0..<count`.
    public init(count: Int) {
        for id in 0..<count { waiting[id] = Message(id: id, body: "message \(id)") }
    }

    /// Sets what runs before each publish.
    public func onPublish(_ action: @escaping @Sendable ([Int]) async -> Void) {
        beforePublish = action
    }

    /// Up to `limit` waiting messages whose id modulo `total` is `share`, lowest ids first.
    public func pending(share: Int, of total: Int, limit: Int) -> [Message] {
        Array(waiting.values.filter { $0.id % total == share }.sorted { $0.id < $1.id }.prefix(limit))
    }

    /// Publishes messages.
    public func publish(_ messages: [Message]) async {
        await beforePublish?(messages.map(\.id))
        published += messages.map(\.id)
    }

    /// Marks messages sent: they are no longer waiting.
    public func markSent(_ ids: [Int]) {
        for id in ids { waiting.removeValue(forKey: id) }
    }

    /// The ids still waiting, ascending.
    public var waitingIDs: [Int] { waiting.keys.sorted() }
}
