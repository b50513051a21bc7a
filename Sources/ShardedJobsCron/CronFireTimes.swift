import Foundation

/// The successive fire times of an expression after a start, as a lazy sequence.
///
/// Returned by ``CronExpression/fireTimes(after:in:)``. Each element is the
/// next fire time strictly after the previous one (or after the start); the
/// sequence ends when no fire time exists up to the end of 2099. It is a
/// value and can be iterated many times; each iteration starts over.
///
/// ```swift
/// for date in expression.fireTimes(after: .now, in: .utc).prefix(5) {
///     print(date)
/// }
/// ```
public struct CronFireTimes: Sequence, Sendable {
    /// The expression whose fire times are listed.
    ///
    /// Parsed once, evaluated per element.
    public let expression: CronExpression
    /// The instant after which the first fire time is looked for.
    ///
    /// Fire times equal to it are not included.
    public let start: Date
    /// The zone the expression is evaluated in.
    ///
    /// Its offsets decide the wall-clock times.
    public let timeZone: CronTimeZone

    /// Creates the sequence; nothing is computed until it is iterated.
    ///
    /// Usually obtained from ``CronExpression/fireTimes(after:in:)``.
    public init(expression: CronExpression, start: Date, timeZone: CronTimeZone) {
        self.expression = expression
        self.start = start
        self.timeZone = timeZone
    }

    /// Iterates the fire times one by one.
    ///
    /// Each call to ``next()`` runs one search.
    public struct Iterator: IteratorProtocol, Sendable {
        private let expression: CronExpression
        private let table: ZoneTransitionTable
        private var cursor: Int64?

        init(_ sequence: CronFireTimes) {
            expression = sequence.expression
            table = sequence.timeZone.table
            cursor = CronExpression.second(of: sequence.start)
        }

        /// The next fire time, or `nil` once none is left.
        ///
        /// After returning `nil` it keeps returning `nil`.
        public mutating func next() -> Date? {
            guard let current = cursor else { return nil }
            cursor = expression.nextFireTime(afterSecond: current, table: table)
            return cursor.map { Date(timeIntervalSince1970: Double($0)) }
        }
    }

    /// Starts an iteration from ``start``.
    ///
    /// Iterators are independent of each other.
    public func makeIterator() -> Iterator { Iterator(self) }
}
