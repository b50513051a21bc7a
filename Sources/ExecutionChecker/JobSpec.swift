/// What the checker knows about one job: its name, fire schedule, item count, disabled items,
/// the skip reasons its policy allows, and the fires it must not run.
///
/// Only jobs given to the checker are checked; `EXEC` lines of other jobs are counted and
/// otherwise ignored.
public struct JobSpec: Sendable, Hashable {
    /// An item that is disabled, always or for the fires in a time range.
    ///
    /// A disabled item's fires are not checked for loss and do not count in the number of
    /// item-fires checked. Its executions are still checked for duplicates.
    public struct DisabledItem: Sendable, Hashable {
        /// The sharding item.
        public var item: Int
        /// The scheduled fires (epoch milliseconds, both ends included) for which the item is
        /// disabled; `nil` for all of them.
        ///
        /// Disabling takes effect at an instance when its watch fires, so give the range a
        /// margin of a fire or two on each side of the operator's action.
        public var fires: ClosedRange<Int64>?

        /// Creates a disabled item.
        ///
        /// - Parameters:
        ///   - item: The sharding item.
        ///   - fires: The fires it is disabled for; `nil` (the default) for all.
        public init(item: Int, fires: ClosedRange<Int64>? = nil) {
            self.item = item
            self.fires = fires
        }

        /// True when this entry disables `item` at `fire`.
        func disables(_ item: Int, at fire: Int64) -> Bool {
            item == self.item && (fires?.contains(fire) ?? true)
        }
    }

    /// Fires of an item that must not run, except as a manual trigger or a backfill's fire
    /// (`--forbid`).
    ///
    /// Any execution (`EXEC` or `FAIL`) of the item whose scheduled fire lies in the range fails
    /// the check, unless it is a manual trigger run (a `NORMAL_TRIGGER` off the schedule).
    public struct ForbiddenFires: Sendable, Hashable {
        /// The sharding item.
        public var item: Int
        /// The forbidden scheduled fires, epoch milliseconds, both ends included.
        public var fires: ClosedRange<Int64>

        /// Creates a forbidden range.
        ///
        /// - Parameters:
        ///   - item: The sharding item.
        ///   - fires: The forbidden scheduled fires.
        public init(item: Int, fires: ClosedRange<Int64>) {
            self.item = item
            self.fires = fires
        }
    }

    /// The job's name, as workers print it in `EXEC` lines.
    public var name: String
    /// When the job fires.
    public var schedule: FireSchedule
    /// The number of sharding items (items `0..<itemCount` are checked).
    public var itemCount: Int
    /// Items that are disabled, always or for some fires.
    public var disabled: [DisabledItem]
    /// The `SKIP` reasons the job's policy allows; a `SKIP` with another reason fails the
    /// check. `disabled` is also allowed, without being listed, for fires at which the item is
    /// disabled (``disabled``). Empty by default: no policy drops a fire.
    public var allowedSkipReasons: Set<Skip.Reason>
    /// Fires that must not run, except as manual triggers.
    public var forbidden: [ForbiddenFires]
    /// The values its items' `last` were given, when the harness knows them (none by
    /// default): a re-run of a fire that starts after its completion was recorded is never
    /// excused (``RecordedLast``).
    public var recorded: [RecordedLast]

    /// Creates a job description.
    ///
    /// - Parameters:
    ///   - name: The job's name.
    ///   - schedule: When it fires.
    ///   - itemCount: Its number of sharding items.
    ///   - disabled: Its disabled items (none by default).
    ///   - allowedSkipReasons: The `SKIP` reasons its policy allows (none by default).
    ///   - forbidden: Fires that must not run except as manual triggers (none by default).
    ///   - recorded: The values its items' `last` were given (none by default).
    public init(
        name: String, schedule: FireSchedule, itemCount: Int, disabled: [DisabledItem] = [],
        allowedSkipReasons: Set<Skip.Reason> = [], forbidden: [ForbiddenFires] = [], recorded: [RecordedLast] = []
    ) {
        self.name = name
        self.schedule = schedule
        self.itemCount = itemCount
        self.disabled = disabled
        self.allowedSkipReasons = allowedSkipReasons
        self.forbidden = forbidden
        self.recorded = recorded
    }

    /// Creates a job whose items in `disabledItems` are disabled for the whole run.
    ///
    /// - Parameters:
    ///   - name: The job's name.
    ///   - schedule: When it fires.
    ///   - itemCount: Its number of sharding items.
    ///   - disabledItems: The items disabled throughout.
    public init(name: String, schedule: FireSchedule, itemCount: Int, disabledItems: Set<Int>) {
        self.init(
            name: name, schedule: schedule, itemCount: itemCount,
            disabled: disabledItems.sorted().map { DisabledItem(item: $0) })
    }

    /// True when `item` is disabled at `fire`.
    func isDisabled(_ item: Int, at fire: Int64) -> Bool {
        disabled.contains { $0.disables(item, at: fire) }
    }

    /// True when `item` is disabled at every fire.
    func isAlwaysDisabled(_ item: Int) -> Bool {
        disabled.contains { $0.item == item && $0.fires == nil }
    }

    /// The first fire of `schedule` in `range` at which `item` is not disabled, or `nil` when
    /// the item is disabled at every such fire (or there is none).
    func firstEnabledFire(of item: Int, in range: ClosedRange<Int64>, schedule: ResolvedFireSchedule) -> Int64? {
        if isAlwaysDisabled(item) { return nil }
        let ranges = disabled.filter { $0.item == item }.compactMap(\.fires).sorted { $0.lowerBound < $1.lowerBound }
        var cursor = range.lowerBound
        for disabledRange in ranges where disabledRange.upperBound >= cursor {
            if disabledRange.lowerBound > cursor,
               let fire = schedule.firstFire(atOrAfter: cursor),
               fire < disabledRange.lowerBound, fire <= range.upperBound {
                return fire
            }
            guard disabledRange.upperBound < range.upperBound else { return nil }
            cursor = max(cursor, disabledRange.upperBound + 1)
        }
        guard let fire = schedule.firstFire(atOrAfter: cursor), fire <= range.upperBound else { return nil }
        return fire
    }
}
