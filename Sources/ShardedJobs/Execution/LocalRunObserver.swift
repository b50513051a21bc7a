/// What a `LocalRun` tells as it goes.
package protocol LocalRunObserver: Sendable {
    /// An item's body begins, with this context.
    func itemStarted(_ context: ShardingContext)
    /// An item's body threw (told before the item's end).
    func itemThrew(_ item: Int, error: any Error)
    /// An item ended: whether its body returned normally, whether it did not complete (cancelled,
    /// or failed with the lease gone), whether its task was cancelled.
    func itemEnded(_ item: Int, succeeded: Bool, interrupted: Bool, cancelled: Bool)
    /// The error handler is about to handle a failure.
    func failureReported(_ failure: JobFailure)
    /// The error handler threw: the fire reports failure.
    func handlerThrew(_ error: any Error)
    /// A listener callback is about to be called with these contexts.
    func listenerCalled(_ listener: String, callback: ListenerCallback, contexts: ShardingContexts)
}

/// An error handler that tells a `LocalRunObserver` of each failure and of its own throws.
struct ObservedErrorHandler: JobErrorHandler {
    let handler: any JobErrorHandler
    let observer: any LocalRunObserver

    var name: ErrorHandlerName { handler.name }

    func handle(_ failure: JobFailure) async throws {
        observer.failureReported(failure)
        do {
            try await handler.handle(failure)
        } catch {
            observer.handlerThrew(error)
            throw error
        }
    }
}
