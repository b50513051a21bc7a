/// The error thrown for a rejected cron expression, time zone or batch line.
///
/// Every error names what it concerns (a ``CronField`` of the expression, or
/// a subject such as `time zone` or `start`), the offending text as written
/// and why it is rejected, and prints as one line:
///
/// ```
/// day-of-month: "32" is out of range 1-31
/// ```
///
/// ``code`` groups errors by kind for programs; new codes may be added in
/// later versions, so switch over it with a `default` case.
public struct CronError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of an error, an extensible set of string codes.
    ///
    /// Compare with the static members (`error.code == .outOfRange`); the raw
    /// value is stable and may be logged.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code's stable string form.
        ///
        /// Lower camel case, for example `outOfRange`.
        public let rawValue: String

        /// Wraps a raw code string.
        ///
        /// Any string is accepted, so later versions can add codes.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The raw value, so codes print readably.
        ///
        /// Same as ``rawValue``.
        public var description: String { rawValue }

        /// The text is not well-formed (an unexpected character, a missing number).
        ///
        /// The message says which character or part is wrong.
        public static let syntax = Code(rawValue: "syntax")
        /// A number lies outside the values its field or option allows.
        ///
        /// The message gives the allowed range.
        public static let outOfRange = Code(rawValue: "outOfRange")
        /// A step (`/n`) is zero, negative or too large.
        ///
        /// Quartz silently ignores some of these; this engine rejects them.
        public static let invalidStep = Code(rawValue: "invalidStep")
        /// A special character (`L`, `W`, `#`, `?`) is used where it has no meaning.
        ///
        /// Examples: `1-15W`, `L` in the hours field, `#` in a list.
        public static let misplacedSpecial = Code(rawValue: "misplacedSpecial")
        /// A list has an empty element (`1,,2`, `5,`) or a field is empty.
        ///
        /// Quartz skips empty elements; this engine rejects them.
        public static let emptyElement = Code(rawValue: "emptyElement")
        /// The expression does not have six or seven fields.
        ///
        /// The message gives the count found.
        public static let fieldCount = Code(rawValue: "fieldCount")
        /// The day fields do not have exactly one `?`.
        ///
        /// Quartz supports neither both day fields nor neither of them.
        public static let dayFields = Code(rawValue: "dayFields")
        /// A time zone identifier is unknown or malformed.
        ///
        /// Accepted are IANA identifiers, `UTC`, `GMT` and `GMT±hh:mm`.
        public static let unknownTimeZone = Code(rawValue: "unknownTimeZone")
        /// A batch line or command-line value is malformed.
        ///
        /// Used for a wrong number of tab-separated fields, a start that is
        /// not an integer, a negative count or an unreadable date.
        public static let invalidInput = Code(rawValue: "invalidInput")
    }

    /// The kind of error.
    ///
    /// See ``Code`` for the known values.
    public let code: Code
    /// The expression field the error concerns, if any.
    ///
    /// `nil` for errors about the whole expression, a time zone or a batch
    /// line; ``subject`` then names what is concerned.
    public let field: CronField?
    /// What the error concerns, as printed before the colon.
    ///
    /// The field's name (`day-of-month`) or a word such as `expression`,
    /// `time zone`, `start` or `count`.
    public let subject: String
    /// The offending text, exactly as written.
    ///
    /// For a field error this is the list element or field at fault.
    public let text: String
    /// Why the text is rejected.
    ///
    /// A phrase such as `is out of range 1-31`, printed after the quoted text.
    public let reason: String

    /// Creates an error about one field of an expression.
    ///
    /// The subject is the field's name.
    public init(_ code: Code, field: CronField, text: String, reason: String) {
        self.code = code
        self.field = field
        self.subject = field.name
        self.text = text
        self.reason = reason
    }

    /// Creates an error about something other than one field.
    ///
    /// `subject` is printed before the colon, for example `time zone`.
    public init(_ code: Code, subject: String, text: String, reason: String) {
        self.code = code
        self.field = nil
        self.subject = subject
        self.text = text
        self.reason = reason
    }

    /// The one-line message: subject, quoted text and reason.
    ///
    /// For example `day-of-month: "32" is out of range 1-31`.
    public var description: String { "\(subject): \"\(text)\" \(reason)" }
}
