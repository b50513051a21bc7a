import CShardedJobsZooKeeper

/// The context the C client holds for one outstanding watch.
///
/// The C client keeps a +1 reference (passed with `Unmanaged.passRetained`) and the session's
/// registry keeps another. Whoever removes the registration from the registry balances the C
/// reference: the C watcher on the node event or on expiry, the request's completion when the
/// server did not register the watch, or the session's drain after `zookeeper_close` (which
/// calls no watcher). So each context is released exactly once, and none is leaked.
final class WatchRegistration: @unchecked Sendable {
    let watch: ZooKeeperWatch
    let session: SessionHandle

    init(watch: ZooKeeperWatch, session: SessionHandle) {
        self.watch = watch
        self.session = session
    }

    /// Whether the server registers the watch for a reply with this result code (the C
    /// client's rule: data and children watches on success, existence watches also on NONODE).
    func isRegistered(by resultCode: Int32) -> Bool {
        resultCode == ZOK.rawValue || (watch.target == .existence && resultCode == ZNONODE.rawValue)
    }

    /// Ends the registration, firing the watch with `kind` unless `kind` is nil.
    func finish(_ kind: WatchEvent.Kind?) {
        guard session.removeWatch(self) else { return }
        let watch = self.watch
        Unmanaged.passUnretained(self).release()
        if let kind { watch.fire(WatchEvent(kind: kind, path: watch.path)) }
    }
}

/// The C watcher for every watch: nonisolated, no captures, called on the completion thread.
func watchCallback(
    _ handle: OpaquePointer?, _ type: Int32, _ state: Int32,
    _ path: UnsafePointer<CChar>?, _ context: UnsafeMutableRawPointer?
) {
    guard let context else { return }
    let registration = Unmanaged<WatchRegistration>.fromOpaque(context).takeUnretainedValue()
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
