/// A set of years 1970–2099, as three 64-bit words.
///
/// The year field of a ``CronExpression`` compiles to this set; the search
/// asks it for the first selected year at or after a given one. Years
/// outside 1970–2099 are never members, which is how the search horizon
/// ends with 2099.
struct CronYearSet: Hashable, Sendable {
    /// The first year the set can hold.
    static let first = 1970
    /// The last year the set can hold, the end of the search horizon.
    static let last = 2099

    private var w0: UInt64 = 0
    private var w1: UInt64 = 0
    private var w2: UInt64 = 0

    /// An empty set.
    init() {}

    /// Every year 1970–2099, what a missing year field means.
    static let all: CronYearSet = {
        var set = CronYearSet()
        set.w0 = ~0
        set.w1 = ~0
        set.w2 = (1 << UInt64(last - first - 127)) - 1
        return set
    }()

    /// Adds `year` when it lies within 1970–2099; other years are ignored.
    mutating func insert(_ year: Int) {
        guard year >= Self.first && year <= Self.last else { return }
        let bit = year - Self.first
        switch bit >> 6 {
        case 0: w0 |= 1 << UInt64(bit & 63)
        case 1: w1 |= 1 << UInt64(bit & 63)
        default: w2 |= 1 << UInt64(bit & 63)
        }
    }

    /// Whether no year is selected.
    var isEmpty: Bool { w0 == 0 && w1 == 0 && w2 == 0 }

    /// Whether `year` is selected.
    func contains(_ year: Int) -> Bool {
        next(atOrAfter: year) == year
    }

    /// The first selected year at or after `year`, or `nil` when there is none.
    func next(atOrAfter year: Int) -> Int? {
        var bit = year < Self.first ? 0 : year - Self.first
        while bit < 192 {
            let word: UInt64
            switch bit >> 6 {
            case 0: word = w0
            case 1: word = w1
            default: word = w2
            }
            let shifted = word >> UInt64(bit & 63)
            if shifted != 0 {
                let found = bit + shifted.trailingZeroBitCount
                return found + Self.first <= Self.last ? found + Self.first : nil
            }
            bit = (bit | 63) + 1
        }
        return nil
    }
}
