import Foundation
import Synchronization

/// The UTC offsets of one time zone from 1969 to 2101, as a sorted list of segments.
///
/// Each segment starts at an instant (Unix seconds) and has one offset until
/// the next segment starts; the first segment reaches back without limit and
/// the last one forward. Built once per zone identifier from Foundation's
/// transition data (`nextDaylightSavingTimeTransition(after:)`, which also
/// reports changes of standard offset) and cached, so that the search only
/// does a binary search in two small arrays.
final class ZoneTransitionTable: Sendable {
    /// Instants (Unix seconds) at which segments start; `starts[0]` is `Int64.min`.
    let starts: [Int64]
    /// The offset (seconds east of UTC) of each segment.
    let offsets: [Int32]

    /// The first instant looked at: 1969-01-01T00:00:00Z.
    static let from: Int64 = -31_536_000
    /// The last instant looked at: 2101-01-01T00:00:00Z.
    static let until: Int64 = 4_133_980_800

    private static let cache = Mutex<[String: ZoneTransitionTable]>([:])

    /// A zone with one offset for all time.
    init(fixedOffset: Int) {
        starts = [Int64.min]
        offsets = [Int32(fixedOffset)]
    }

    /// Collects the transitions of `timeZone` between ``from`` and ``until``.
    init(timeZone: TimeZone) {
        var starts: [Int64] = [Int64.min]
        var offsets: [Int32] = [Int32(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(Self.from))))]
        var cursor = Date(timeIntervalSince1970: Double(Self.from))
        while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor) {
            let instant = Int64(next.timeIntervalSince1970.rounded(.down))
            guard instant > Int64(cursor.timeIntervalSince1970), instant < Self.until else { break }
            let offset = Int32(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant))))
            if offset != offsets[offsets.count - 1] {
                starts.append(instant)
                offsets.append(offset)
            }
            cursor = Date(timeIntervalSince1970: Double(instant))
        }
        self.starts = starts
        self.offsets = offsets
    }

    /// The table for `timeZone`, built on first use and then shared.
    static func table(for timeZone: TimeZone) -> ZoneTransitionTable {
        let key = timeZone.identifier
        if let table = cache.withLock({ $0[key] }) { return table }
        let table = ZoneTransitionTable(timeZone: timeZone)
        return cache.withLock { cache in
            if let existing = cache[key] { return existing }
            cache[key] = table
            return table
        }
    }

    /// The index of the segment that contains `instant`.
    @inline(__always)
    func segment(containing instant: Int64) -> Int {
        if starts.count == 1 { return 0 }
        var lo = 0
        var hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if starts[mid] <= instant { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The offset in force at `instant`.
    @inline(__always)
    func offset(at instant: Int64) -> Int64 {
        Int64(offsets[segment(containing: instant)])
    }

    /// The instant of a wall-clock time: the first occurrence of an ambiguous
    /// time, and for a time in a gap the end of the gap.
    func instant(forLocal local: Int64) -> Int64 {
        for index in 0..<starts.count {
            let offset = Int64(offsets[index])
            let candidate = local - offset
            let end = index + 1 < starts.count ? starts[index + 1] : Int64.max
            if candidate < end {
                return max(candidate, starts[index])
            }
        }
        return local - Int64(offsets[offsets.count - 1])
    }
}
