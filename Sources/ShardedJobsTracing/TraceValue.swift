import Foundation

/// A value bound to a statement, before a store turns it into its driver's type.
package enum TraceValue: Sendable, Hashable {
    case text(String)
    case optionalText(String?)
    case integer(Int)
    case boolean(Bool)
    case time(Date?)
}

extension TraceValue {
    /// Whether the value is a timestamp (stores that convert time zones need to know).
    package var isTime: Bool {
        if case .time = self { return true }
        return false
    }
}
