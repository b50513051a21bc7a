#if Console
/// Why the console could not start or an option was refused.
///
/// The message says what to fix; `sharded-console` prints it as it is.
public struct ConsoleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A one-line explanation.
    public let message: String

    /// Creates an error with its message.
    ///
    /// The message names the option or file concerned.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    ///
    /// The same as ``message``.
    public var description: String { message }
}
#endif
