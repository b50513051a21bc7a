// The recipes are built on the client: importing them imports the client too, so that code
// written when the retry policies (`RetryPolicy`, `ExponentialBackoffRetry`, `NoRetry`) lived in
// this module keeps compiling now that the client, which retries its connection with them,
// holds them.
@_exported import ShardedJobsZooKeeper
@_spi(Simulation) import ShardedJobsZooKeeper
import ServiceLifecycle

/// The single, ordered input queue of a recipe's driver, and the background jobs that feed it.
///
/// A recipe runs one driver loop that owns all of its mutable ZooKeeper state; everything
/// that happens to the recipe — a session event, a fired watch, a retry timer, a request from
/// a caller — arrives here as an `Input`, in order. A fired watch is posted by the watch's own
/// handler. Waiting for a timer or an operation is a *job*: `runJobs()` runs each job as a
/// child task (inside the recipe's `run()`, so structured), and the job posts its result back
/// as an input. Cancelling the task that runs `runJobs()` cancels every job.
final class RecipeInbox<Input: Sendable>: Sendable {
    typealias Job = @Sendable () async -> Void

    /// The inputs, in the order they were posted.
    let inputs: AsyncStream<Input>
    private let inputSink: AsyncStream<Input>.Continuation
    private let jobs: AsyncStream<Job>
    private let jobSink: AsyncStream<Job>.Continuation
    /// The client's clock and executor: timers sleep on that clock, jobs run on that executor.
    private let environment: ZooKeeperEnvironment

    init(environment: ZooKeeperEnvironment) {
        self.environment = environment
        (inputs, inputSink) = AsyncStream.makeStream(of: Input.self, bufferingPolicy: .unbounded)
        (jobs, jobSink) = AsyncStream.makeStream(of: Job.self, bufferingPolicy: .unbounded)
    }

    /// Posts an input for the driver.
    func post(_ input: Input) {
        inputSink.yield(input)
    }

    /// Posts `input` once `delay` has passed (unless the jobs are cancelled first).
    func post(_ input: Input, after delay: Duration) {
        let clock = environment.clock
        jobSink.yield { [inputSink] in
            do {
                try await clock.sleep(for: delay)
            } catch {
                return
            }
            inputSink.yield(input)
        }
    }

    /// Posts the watch's event, transformed into an input, when it arrives.
    ///
    /// No task waits for it: the watch's handler yields the input straight from the C client's
    /// completion thread, so a recipe can hold thousands of watches, and the inputs keep the
    /// order in which the server sent the notifications.
    func follow(_ watch: ZooKeeperWatch, _ transform: @escaping @Sendable (WatchEvent) -> Input) {
        watch.onEvent { [inputSink] event in
            inputSink.yield(transform(event))
        }
    }

    /// Starts a job whose result the driver receives as an input.
    func run(_ job: @escaping @Sendable () async -> Input) {
        jobSink.yield { [inputSink] in
            let input = await job()
            inputSink.yield(input)
        }
    }

    /// Forwards the client's session events, then `ended` when the client stops.
    func forward(
        _ events: AsyncStream<SessionEvent>, _ transform: @escaping @Sendable (SessionEvent) -> Input,
        ended: Input
    ) async {
        for await event in events {
            inputSink.yield(transform(event))
        }
        if !Task.isCancelled { inputSink.yield(ended) }
    }

    /// Hands each input to `handle`, in order, until it returns false, the calling task is
    /// cancelled, or — when `followsGracefulShutdown` — graceful shutdown begins (the inputs
    /// then end: what was posted before is still handed over).
    ///
    /// Unlike ServiceLifecycle's `cancelOnGracefulShutdown()`, it starts no task of its own: a
    /// simulation's executor sees every job of the recipe (DESIGN 12.2).
    func consume(followsGracefulShutdown: Bool = true, _ handle: (Input) async -> Bool) async {
        guard followsGracefulShutdown else {
            for await input in inputs {
                guard await handle(input) else { return }
            }
            return
        }
        await withGracefulShutdownHandler {
            for await input in inputs {
                guard await handle(input) else { return }
            }
        } onGracefulShutdown: { [inputSink] in
            inputSink.finish()
        }
    }

    /// Runs the jobs as child tasks until the calling task is cancelled.
    func runJobs() async {
        await withDiscardingTaskGroup { group in
            for await job in jobs {
                group.addTask(executorPreference: environment.taskExecutor, operation: job)
            }
        }
    }

    /// Ends the input sequence and the job sequence.
    func finish() {
        inputSink.finish()
        jobSink.finish()
    }
}
