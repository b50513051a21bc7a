/// Lets one server (or one ensemble) of this process start at a time.
///
/// A JVM start takes most of a core for a few hundred milliseconds; on a 2-core machine two
/// starting at once slow each other down and make start-up deadlines flaky. Test suites should
/// be serialized anyway; this gate also covers suites of different targets that run in one
/// test process. Waiters are served in arrival order. It is held only while a server starts,
/// never while it runs.
actor StartGate {
    /// The process-wide gate.
    static let shared = StartGate()

    private var isHeld = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// How many wait for the gate (its tests wait for a second holder to queue).
    var waiterCount: Int { waiters.count }

    /// Waits until the gate is free and takes it.
    func acquire() async {
        guard isHeld else {
            isHeld = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Hands the gate to the next waiter, or frees it.
    func release() {
        if waiters.isEmpty {
            isHeld = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
