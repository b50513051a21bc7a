/// An operator's request to stop one running execution (DESIGN 12.6; ours,
/// `/{job}/kill/{item}` = `{fireMs} {token}`): the fire it targets and the fencing token of the
/// claim that runs it, so that it can only stop that execution — never a later fire of the item
/// or a failover claimer's run of the same fire.
package struct KillRequest: Sendable, Hashable, CustomStringConvertible {
    /// The item.
    package let item: Int
    /// The fire the execution runs (epoch ms).
    package let fire: Int64
    /// The claim's fencing token: the zxid that rewrote `sharding/{item}` with the mark.
    package let token: Int64

    /// A request for an item's execution of `fire` under the claim whose zxid is `token`.
    package init(item: Int, fire: Int64, token: Int64) {
        self.item = item
        self.fire = fire
        self.token = token
    }

    /// Parses a request node's data; nil when it is not `{fireMs} {token}`.
    package init?(item: Int, data: String) {
        let fields = data.split(separator: " ")
        guard fields.count == 2, let fire = Int64(fields[0]), let token = Int64(fields[1]) else { return nil }
        self.init(item: item, fire: fire, token: token)
    }

    /// The node's data: `{fireMs} {token}`.
    package var description: String { "\(fire) \(token)" }
}
