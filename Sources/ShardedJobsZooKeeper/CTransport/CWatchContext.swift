import CShardedJobsZooKeeper

/// The context the C client holds for one outstanding watch.
///
/// The C client keeps a +1 reference (passed with `Unmanaged.passRetained`) and the handle's
/// registry keeps another. Whoever removes the registration from the registry balances the C
/// reference: the C watcher on the node event or on expiry, the request's completion when the
/// server did not register the watch, or the handle's drain after `zookeeper_close` (which
/// calls no watcher). So each context is released exactly once, and none is leaked.
final class CWatchContext: @unchecked Sendable {
    /// The client's id of the watch, echoed in its event.
    let id: Int
    let target: ZooKeeperWatch.Target
    let handle: SessionHandle

    init(id: Int, target: ZooKeeperWatch.Target, handle: SessionHandle) {
        self.id = id
        self.target = target
        self.handle = handle
    }

    /// Ends the registration and delivers its event, unless someone else ended it first.
    func finish(_ kind: WatchEvent.Kind) {
        let handle = self.handle
        let id = self.id
        guard handle.dropWatch(self) else { return }
        handle.deliver(.watch(id: id, kind))
    }
}

/// The C watcher for every watch: nonisolated, no captures, called on the completion thread.
func watchCallback(
    _ handle: OpaquePointer?, _ type: Int32, _ state: Int32,
    _ path: UnsafePointer<CChar>?, _ context: UnsafeMutableRawPointer?
) {
    guard let context else { return }
    let registration = Unmanaged<CWatchContext>.fromOpaque(context).takeUnretainedValue()
    switch type {
    case ZOO_SESSION_EVENT:
        // Session events reach every watch; only expiry ends it (the C client drops it then).
        if state == ZOO_EXPIRED_SESSION_STATE { registration.finish(.sessionEnded) }
    case ZOO_CREATED_EVENT: registration.finish(.created)
    case ZOO_DELETED_EVENT: registration.finish(.deleted)
    case ZOO_CHANGED_EVENT: registration.finish(.dataChanged)
    case ZOO_CHILD_EVENT: registration.finish(.childrenChanged)
    default: registration.finish(.sessionEnded)  // ZOO_NOTWATCHING_EVENT: the watch is gone
    }
}
