#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import Synchronization

/// A child process started with `posix_spawn`, reaped by polling `waitpid(WNOHANG)`.
///
/// The child gets `/dev/null` as standard input, the given file (appended to) as standard
/// output and error, no other inherited descriptor, default signal dispositions and an empty
/// signal mask. It stays in the caller's process
/// group, so a signal sent to the test runner's group reaches it too.
///
/// Nothing here blocks: `waitForExit(timeout:)` polls with `Task.sleep`, so the Swift
/// cooperative thread pool is never held by a wait. Signals are sent only while the child
/// has not been reaped, so a recycled pid is never signalled.
final class ChildProcess: Sendable {
    /// How a child ended.
    enum Termination: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        var description: String {
            switch self {
            case .exited(let code): "exited with status \(code)"
            case .signalled(let signal): "killed by signal \(signal)"
            }
        }
    }

    /// The child's process id.
    let pid: pid_t
    private let termination = Mutex<Termination?>(nil)

    private init(pid: pid_t) {
        self.pid = pid
    }

    /// Starts `executable` with `arguments` (not including argv[0]), in `directory`.
    static func spawn(
        executable: String,
        arguments: [String],
        environment: [String: String],
        outputPath: String
    ) throws(ZooKeeperTestingError) -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        var failures: [Int32] = [
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0),
            posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644),
            posix_spawn_file_actions_adddup2(&actions, 1, 2),
            closeInheritedDescriptors(&actions),
        ]
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        failures.append(posix_spawnattr_setsigmask(&attributes, &emptyMask))
        failures.append(posix_spawnattr_setsigdefault(&attributes, &everySignal))
        failures.append(posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)))
        if let failure = failures.first(where: { $0 != 0 }) {
            throw ZooKeeperTestingError(.launchFailed, "posix_spawn set-up failed: \(errnoDescription(failure))")
        }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let result = argv.withUnsafeBufferPointer { argvBuffer in
            envp.withUnsafeBufferPointer { envpBuffer in
                guard let argvBase = argvBuffer.baseAddress, let envpBase = envpBuffer.baseAddress else { return EINVAL }
                return posix_spawn(&pid, executable, &actions, &attributes, argvBase, envpBase)
            }
        }
        guard result == 0 else {
            throw ZooKeeperTestingError(.launchFailed, "posix_spawn \(executable) failed: \(errnoDescription(result))")
        }
        return ChildProcess(pid: pid)
    }

    /// Adds "close every descriptor from 3 up" to `actions`, so the child inherits none of
    /// ours (a client socket kept open by a JVM would hide a disconnect from the server).
    ///
    /// Uses glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+, looked up at run time
    /// because Swift's Glibc module does not declare GNU extensions); without it, closes each
    /// descriptor listed in `/proc/self/fd`.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) -> Int32 {
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            return unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap({ Int32($0) }) where descriptor > 2 {
            let result = posix_spawn_file_actions_addclose(&actions, descriptor)
            if result != 0 { return result }
        }
        return 0
    }

    /// How the child ended, or nil while it runs. Reaps it when it has ended.
    func poll() -> Termination? {
        termination.withLock { termination in
            if let termination { return termination }
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                let signal = status & 0x7f
                termination = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
            } else if result < 0 && errno == ECHILD {
                // Reaped elsewhere (SIGCHLD ignored): it is gone all the same.
                termination = .exited(-1)
            }
            return termination
        }
    }

    /// Whether the child still runs.
    var isRunning: Bool { poll() == nil }

    /// Sends `signal` to the child unless it has already been reaped.
    func send(_ signal: Int32) {
        termination.withLock { termination in
            if termination == nil { _ = kill(pid, signal) }
        }
    }

    /// Waits until the child ends, at most `timeout`; nil if it still runs then.
    func waitForExit(timeout: Duration) async -> Termination? {
        let deadline = ContinuousClock.now + timeout
        var interval = Duration.milliseconds(2)
        while true {
            if let termination = poll() { return termination }
            if ContinuousClock.now >= deadline { return nil }
            // A cancelled task still has to see the child gone before it returns: keep polling.
            await sleepIgnoringCancellation(for: interval)
            interval = min(interval * 2, .milliseconds(20))
        }
    }
}

/// Suspends for `duration` even when the task is cancelled, without holding a thread.
func sleepIgnoringCancellation(for duration: Duration) async {
    let (seconds, attoseconds) = duration.components
    let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
            continuation.resume()
        }
    }
}

/// The text of an errno value.
func errnoDescription(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "errno \(code)" }
    return "\(String(cString: text)) (errno \(code))"
}
