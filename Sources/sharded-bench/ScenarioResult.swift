import ExecutionChecker

/// What one scenario measured: the window's executions and lateness, the server's counter
/// deltas over the window, each worker's resources after `--seconds` and its start-up times.
///
/// Figures that could not be measured are nil, and `notes` says why; `FigureReport` prints
/// them as `n/a`.
struct ScenarioResult: Sendable {
    /// One worker's start-up: from the orchestrator's spawn instant, its `BOOT` line, its
    /// `READY` line and its first `EXEC`.
    ///
    /// The figures count from the spawn instant (the orchestrator's clock just before the
    /// fork, exact to a millisecond). `BOOT`'s processStartEpochMs is derived from the kernel's
    /// `btime`, which is truncated to a whole second, so it reads up to a second early; its
    /// distance from the spawn instant is kept as `bootSkew` and shown beside the figures.
    struct StartUp: Sendable {
        /// The worker's tag.
        var tag: String
        /// When the orchestrator spawned it (epoch ms).
        var spawn: Int64
        /// `BOOT`'s processStartEpochMs.
        var processStart: Int64?
        /// `BOOT`'s mainEntryEpochMs.
        var mainEntry: Int64?
        /// `READY`'s time.
        var ready: Int64?
        /// The earliest start of an item on this worker.
        var firstExecStart: Int64?
        /// That execution's scheduled fire.
        var firstExecFire: Int64?

        /// Spawn to `READY`, in ms.
        var readyAfter: Int64? { ready.map { $0 - spawn } }
        /// Spawn to the first item's start, in ms.
        var firstExecAfter: Int64? { firstExecStart.map { $0 - spawn } }
        /// Spawn to the first execution's scheduled fire, in ms.
        var firstFireAfter: Int64? { firstExecFire.map { $0 - spawn } }
        /// Spawn to `main` (`BOOT`'s mainEntryEpochMs), in ms: loading and runtime start-up.
        var mainAfter: Int64? { mainEntry.map { $0 - spawn } }
        /// How much earlier than the spawn `BOOT`'s processStartEpochMs reads, in ms.
        var bootSkew: Int64? { processStart.map { spawn - $0 } }
    }

    /// The scenario that was run.
    var scenario: Scenario
    /// Fires in the window.
    var fires: Int = 0
    /// The window's first scheduled fire (epoch ms); nil when the cluster never got steady.
    var windowStart: Int64?
    /// The executions whose scheduled fire is inside the window.
    var executions: [Execution] = []
    /// Lateness of the window's executions.
    var lateness: LatencySummary?
    /// Item-fires executed more than once in the window.
    var duplicates = 0
    /// The server's counters over the window (half a period before the first fire to half a
    /// period after the last).
    var counters: ServerCounters.Delta?
    /// Each worker's resources after `--seconds`, in worker order.
    var usage: [ProcessUsage?] = []
    /// Each worker's start-up, in worker order.
    var startUps: [StartUp] = []
    /// Each worker's exit status after SIGTERM (nil: it had to be killed).
    var exitStatuses: [Int32?] = []
    /// What went wrong or looks odd, one sentence each.
    var notes: [String] = []

    /// Item-fires the window should hold (fires × jobs × items).
    var expectedItemFires: Int { fires * scenario.itemsPerFire }

    /// Item-fires of the window with at least one execution.
    var coveredItemFires: Int {
        Set(executions.map { "\($0.job) \($0.scheduledFire) \($0.item)" }).count
    }
}
