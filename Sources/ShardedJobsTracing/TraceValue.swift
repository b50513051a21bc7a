import Foundation

/// A value bound to a statement, before a store turns it into its driver's type.
package enum TraceValue: Sendable, Hashable {
    case text(String)
    case optionalText(String?)
    case integer(Int)
    case boolean(Bool)
    case time(Date?)
}
