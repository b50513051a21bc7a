import Dispatch
import Foundation

/// Waits for SIGINT (Ctrl-C) so that a long-running command can end cleanly.
enum Interrupt {
    /// Returns when the process receives SIGINT (or the task is cancelled); the default
    /// action (termination) is replaced for the rest of the process's life.
    static func wait() async {
        signal(SIGINT, SIG_IGN)
        let box = SignalSourceBox(DispatchSource.makeSignalSource(signal: SIGINT, queue: .global()))
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                box.start { continuation.resume() }
            }
        } onCancel: {
            box.cancel()
        }
    }
}

/// A signal source shared between the waiting task and its cancellation handler; the waiter
/// is resumed exactly once, on the signal or on cancellation, whichever comes first.
private final class SignalSourceBox: @unchecked Sendable {
    private let source: any DispatchSourceSignal
    private let lock = NSLock()
    private var resume: (() -> Void)?
    private var finished = false

    /// Takes the source and activates it at once.
    init(_ source: any DispatchSourceSignal) {
        self.source = source
        source.setEventHandler { [self] in finish() }
        source.resume()
    }

    /// Registers the waiter; resumes it at once if the signal came or the wait was cancelled.
    func start(_ resume: @escaping () -> Void) {
        lock.lock()
        if finished {
            lock.unlock()
            resume()
            return
        }
        self.resume = resume
        lock.unlock()
    }

    /// Stops listening and releases the waiter.
    func cancel() {
        source.cancel()
        finish()
    }

    private func finish() {
        lock.lock()
        finished = true
        let resume = self.resume
        self.resume = nil
        lock.unlock()
        resume?()
    }
}
