/// The name of an error handler, as stored in a configuration's `jobErrorHandlerType`.
///
/// The built-in names are ElasticJob's: ``log`` (`LOG`, the default), ``throw`` (`THROW`) and
/// ``ignore`` (`IGNORE`); `ShardedJobsHTTP` adds `webhook` (`WEBHOOK`). Any other handler is
/// registered under its name in ``SchedulerSettings/errorHandlers``:
///
/// ```swift
/// configuration.errorHandler = .throw
/// configuration.errorHandler = "PAGER"                 // a custom handler's name
/// ```
///
/// Names are case-sensitive, as in ElasticJob.
public struct ErrorHandlerName: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The name as stored, such as `LOG`.
    public let rawValue: String

    /// Wraps a name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Wraps a name.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// Wraps a literal name.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// `LOG`: log each failure at error level and carry on (``LogErrorHandler``), the default.
    public static let log = ErrorHandlerName("LOG")
    /// `THROW`: make the fire report failure (``ThrowErrorHandler``).
    public static let `throw` = ErrorHandlerName("THROW")
    /// `IGNORE`: drop failures silently (``IgnoreErrorHandler``).
    public static let ignore = ErrorHandlerName("IGNORE")

    /// The name as stored.
    public var description: String { rawValue }

    /// Orders names by their text.
    public static func < (lhs: ErrorHandlerName, rhs: ErrorHandlerName) -> Bool { lhs.rawValue < rhs.rawValue }
}
