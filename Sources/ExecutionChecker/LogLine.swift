/// One line of a worker's output, classified.
///
/// Workers print the machine-readable lines of the `bench-worker` format (`BOOT`, `READY`,
/// `BEGIN`, `EXEC`, `FAIL`, `SKIP`, `FENCED`) between their ordinary log lines. A line whose
/// first word is one of those keywords but whose fields do not parse (wrong count, a
/// non-number where a number belongs — typically a line cut short by `kill -9`) is `malformed`;
/// one whose fields parse but whose source or skip reason is not a word the checker knows is
/// `unknownWord` (a usage error: the checker cannot judge it); any other line is `other`.
/// Fields are separated by runs of spaces or tabs, and leading and trailing whitespace
/// (including a carriage return) is ignored.
public enum LogLine: Sendable, Hashable {
    /// `BOOT <processStartEpochMs> <mainEntryEpochMs> <pid> <tag>`.
    case boot(Boot)
    /// `READY <epochMs>`: every job of the worker is registered and scheduled.
    case ready(epochMs: Int64)
    /// `BEGIN <tag> <item> <scheduledFireEpochMs> <startEpochMs> <jobName> <source>`.
    case begin(Begin)
    /// `EXEC <tag> <item> <scheduledFireEpochMs> <startEpochMs> <endEpochMs> <jobName> <source>`.
    case exec(Execution)
    /// `FAIL <tag> <item> <fire> <start> <end> <jobName> <source> <cause> <attempt>`: a completion
    /// without a commit (the execution's ``Execution/failure`` is set).
    case fail(Execution)
    /// `SKIP <tag> <item> <fromFire> <toFire> <jobName> <reason>`: fires dropped by a policy.
    case skip(Skip)
    /// `FENCED <tag> <item> <scheduledFireEpochMs> <jobName>`: a commit refused by the lease check.
    case fenced(Fenced)
    /// A line that starts with one of the keywords above but does not parse; it holds the
    /// line's text.
    case malformed(String)
    /// A line whose fields parse but whose source or skip reason is unknown.
    case unknownWord(UnknownWord)
    /// Any other line (the worker's ordinary logging, blank lines).
    case other

    /// A line the checker cannot judge: its source (`EXEC`, `FAIL`, `BEGIN`) or skip reason
    /// (`SKIP`) is not a word it knows, or a run id is missing or where none belongs.
    ///
    /// The command line treats it as a usage error (exit 64) naming the line; the library
    /// counts it and a report with one is not clean.
    public struct UnknownWord: Sendable, Hashable {
        /// What is wrong, e.g. `unknown source 'SOMETIMES' (known: …)`.
        public var problem: String
        /// The line's text.
        public var text: String

        /// Creates a record.
        ///
        /// - Parameters:
        ///   - problem: What is wrong.
        ///   - text: The line's text.
        public init(problem: String, text: String) {
            self.problem = problem
            self.text = text
        }
    }

    /// Classifies one line of text (without its line terminator).
    ///
    /// - Parameter line: The line's text.
    public init(parsing line: some StringProtocol) {
        let text = String(line)
        var bytes = text
        self = bytes.withUTF8 { LogLineParser.parse($0, location: nil) } ?? .malformed(text)
    }

    /// Where a line was read: a file (or other source) name and a 1-based line number.
    ///
    /// Reports print it as `file:line`.
    public struct Location: Sendable, Hashable, CustomStringConvertible {
        /// The name the caller gave the input, usually its path.
        public var file: String
        /// The 1-based line number within that input.
        public var line: Int

        /// Creates a location.
        ///
        /// - Parameters:
        ///   - file: The input's name.
        ///   - line: The 1-based line number.
        public init(file: String, line: Int) {
            self.file = file
            self.line = line
        }

        /// `file:line`.
        public var description: String { "\(file):\(line)" }
    }

    /// A `BOOT` line: the worker's process start, `main` entry, pid and tag.
    public struct Boot: Sendable, Hashable {
        /// When the process started, epoch milliseconds.
        public var processStart: Int64
        /// When `main` was entered, epoch milliseconds.
        public var mainEntry: Int64
        /// The worker's process id.
        public var pid: Int
        /// The worker's tag.
        public var tag: String

        /// Creates a `BOOT` record.
        ///
        /// - Parameters:
        ///   - processStart: Process start, epoch milliseconds.
        ///   - mainEntry: `main` entry, epoch milliseconds.
        ///   - pid: The process id.
        ///   - tag: The worker's tag.
        public init(processStart: Int64, mainEntry: Int64, pid: Int, tag: String) {
            self.processStart = processStart
            self.mainEntry = mainEntry
            self.pid = pid
            self.tag = tag
        }
    }

    /// A `BEGIN` line: an item's code started (printed only by workers run with `--begin`).
    public struct Begin: Sendable, Hashable {
        /// The worker's tag.
        public var tag: String
        /// The sharding item.
        public var item: Int
        /// The fire the execution stands for, epoch milliseconds.
        public var scheduledFire: Int64
        /// When the item's code started, epoch milliseconds.
        public var start: Int64
        /// The job's name.
        public var job: String
        /// Why the item runs.
        public var source: Execution.Source

        /// Creates a `BEGIN` record.
        ///
        /// - Parameters:
        ///   - tag: The worker's tag.
        ///   - item: The sharding item.
        ///   - scheduledFire: The fire, epoch milliseconds.
        ///   - start: The start, epoch milliseconds.
        ///   - job: The job's name.
        ///   - source: Why the item runs.
        public init(tag: String, item: Int, scheduledFire: Int64, start: Int64, job: String, source: Execution.Source) {
            self.tag = tag
            self.item = item
            self.scheduledFire = scheduledFire
            self.start = start
            self.job = job
            self.source = source
        }
    }

    /// A `FENCED` line: an execution whose lease check failed, so it did not commit.
    public struct Fenced: Sendable, Hashable {
        /// The worker's tag.
        public var tag: String
        /// The sharding item.
        public var item: Int
        /// The fire the execution stood for, epoch milliseconds.
        public var scheduledFire: Int64
        /// The job's name.
        public var job: String

        /// Creates a `FENCED` record.
        ///
        /// - Parameters:
        ///   - tag: The worker's tag.
        ///   - item: The sharding item.
        ///   - scheduledFire: The fire, epoch milliseconds.
        ///   - job: The job's name.
        public init(tag: String, item: Int, scheduledFire: Int64, job: String) {
            self.tag = tag
            self.item = item
            self.scheduledFire = scheduledFire
            self.job = job
        }
    }
}
