import Dispatch
import Foundation
import Synchronization

/// The soak's trap: on SIGINT, SIGTERM or SIGHUP it runs the cleanup once (the network lab's
/// processes killed by pid and its namespaces deleted) and exits with 128 + the signal.
///
/// Workers outside the lab exit with their parent (`--exit-with-parent`) and ZooKeeper servers
/// are killed by their watchdog; only the namespaces would outlive the soak.
final class SoakTrap: Sendable {
    private let sources: Mutex<[any DispatchSourceSignal]>

    /// Installs the trap; it holds until the trap is released.
    ///
    /// - Parameter cleanup: What to do before exiting.
    init(_ cleanup: @escaping @Sendable () async -> Void) {
        let once = Mutex(false)
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                guard once.withLock({ done in defer { done = true }; return !done }) else { return }
                FileHandle.standardError.write(Data("chaos-soak: signal \(signalNumber); removing the network lab\n".utf8))
                Task {
                    await cleanup()
                    exit(128 + signalNumber)
                }
            }
            source.resume()
            sources.append(source)
        }
        self.sources = Mutex(sources)
    }

    deinit {
        sources.withLock { sources in
            for source in sources { source.cancel() }
        }
    }
}
