/// A delivery that failed, or settings that cannot work, with the reason.
public struct SMTPError: Error, CustomStringConvertible, Equatable {
    /// What went wrong, naming the relay's reply or the setting.
    public let description: String

    /// Creates an error.
    public init(_ description: String) {
        self.description = description
    }
}
