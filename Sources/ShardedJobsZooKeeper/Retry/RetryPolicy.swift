import Logging

/// Decides whether, and after how long, a failed ZooKeeper operation is tried again.
///
/// A policy only answers "how long to wait before the next attempt"; which errors deserve a
/// retry is fixed (`ZooKeeperError.Code.isRetryable`): a lost connection or a timeout may
/// clear up, `NONODE` or `BADVERSION` will not. Use the static members:
///
/// ```swift
/// let policy: some RetryPolicy = .exponentialBackoff(base: .milliseconds(100), cap: .seconds(3), maxAttempts: 5)
/// let data = try await policy.execute("getData", logger: logger) { try await client.getData("/config") }
/// ```
public protocol RetryPolicy: Sendable {
    /// The delay before the next attempt once `failedAttempts` attempts have failed, or nil to
    /// give up.
    ///
    /// - Parameter failedAttempts: how many attempts have failed so far, 1 or more.
    func delay(afterFailedAttempts failedAttempts: Int) -> Duration?
}

extension RetryPolicy {
    /// Runs `body`, retrying it after retryable ZooKeeper errors for as long as the policy allows.
    ///
    /// Each retry is logged at `info` with the operation, the attempt, the delay and the error;
    /// giving up is logged at `warning`. Errors that are not retryable (`NONODE`, `NODEEXISTS`,
    /// `BADVERSION`, ..., and anything that is not a `ZooKeeperError`) are thrown at once, as
    /// is the last error when the policy gives up. Cancellation during a delay throws
    /// `CancellationError`.
    ///
    /// - Parameters:
    ///   - operation: what is being done, for the log (`delete /jobs/a`).
    ///   - logger: where retries are logged; its metadata (such as `zk.path`) is kept.
    ///   - body: the operation; called once per attempt.
    /// - Returns: what `body` returned on the attempt that succeeded.
    @discardableResult
    public func execute<Value>(
        _ operation: String,
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Value
    ) async throws -> Value {
        try await execute(operation, logger: logger, clock: ContinuousMonotonicClock(), isolation: isolation, body)
    }

    /// `execute(_:logger:_:)` with the delays slept on `clock` (a client's injected clock).
    @_spi(Simulation)
    @discardableResult
    public func execute<Value>(
        _ operation: String,
        logger: Logger,
        clock: any MonotonicClock,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Value
    ) async throws -> Value {
        var failedAttempts = 0
        while true {
            do {
                return try await body()
            } catch let error as ZooKeeperError where error.code.isRetryable {
                failedAttempts += 1
                guard let delay = delay(afterFailedAttempts: failedAttempts) else {
                    logger.warning(
                        "giving up on \(operation) after \(failedAttempts) attempts",
                        metadata: ["zk.error": "\(error.code)", "zk.attempts": "\(failedAttempts)"])
                    throw error
                }
                logger.info(
                    "retrying \(operation)",
                    metadata: [
                        "zk.error": "\(error.code)", "zk.attempt": "\(failedAttempts + 1)", "zk.delay": "\(delay)",
                    ])
                try await clock.sleep(for: delay)
            }
        }
    }
}

/// A policy that never retries: the first failure is final.
public struct NoRetry: RetryPolicy {
    /// Creates the policy.
    public init() {}

    /// Always nil: never retry.
    public func delay(afterFailedAttempts failedAttempts: Int) -> Duration? { nil }
}

extension RetryPolicy where Self == NoRetry {
    /// Never retry.
    public static var none: NoRetry { NoRetry() }
}

extension ZooKeeperError.Code {
    /// Whether an operation that failed with this code may succeed if simply tried again.
    ///
    /// True for a lost connection or reply (`CONNECTIONLOSS`; the operation may or may not have
    /// happened), `OPERATIONTIMEOUT`, `SESSIONMOVED`, `THROTTLEDOP`, the end of a session or of
    /// its handle under a request (`SESSIONEXPIRED`, `CLOSING`, `INVALIDSTATE`: the client opens a
    /// new session by itself) and the Swift client's `notConnected` (no session within the
    /// connection timeout). False for answers about the data (`NONODE`, `NODEEXISTS`,
    /// `BADVERSION`, `NOTEMPTY`), permissions, bad arguments and a closed client (`clientClosed`).
    public var isRetryable: Bool {
        switch self {
        case .connectionLoss, .operationTimeout, .sessionMoved, .sessionExpired, .closing, .invalidState, .throttled,
            .notConnected:
            true
        default:
            false
        }
    }
}
