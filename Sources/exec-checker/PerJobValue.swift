import ArgumentParser

/// An option value that applies to one job or, without a job, to every checked job:
/// `[JOB=]VALUE` (`--items 3`, `--items report=2`, `--period-ms report=5000`).
///
/// A job's own value wins over the default; when either is given several times, the last one
/// counts. The job is everything before the first `=`.
struct PerJobValue<Value: Sendable>: Sendable {
    /// The job the value belongs to; `nil` for the default of every job.
    var job: String?
    /// The value.
    var value: Value

    /// Parses `[JOB=]VALUE`.
    ///
    /// - Parameters:
    ///   - text: The option's value.
    ///   - parse: Parses the value part; returns `nil` when it is not valid.
    ///   - expected: What a valid value looks like, for the error message.
    /// - Throws: A `ValidationError` naming the text when it does not parse.
    init(parsing text: String, expected: String, _ parse: (String) -> Value?) throws {
        var job: String?
        var rest = Substring(text)
        if let equals = rest.firstIndex(of: "=") {
            job = String(rest[..<equals])
            rest = rest[rest.index(after: equals)...]
        }
        guard job != "", let value = parse(String(rest)) else {
            throw ValidationError("bad value '\(text)': expected [JOB=]\(expected)")
        }
        self.job = job
        self.value = value
    }

    /// The value for `job`: its own last value, else the last default, else `nil`.
    ///
    /// - Parameters:
    ///   - values: The option's values, in command-line order.
    ///   - job: A checked job's name.
    static func value(in values: [PerJobValue], for job: String) -> Value? {
        values.last { $0.job == job }?.value ?? values.last { $0.job == nil }?.value
    }

    /// Whether `job` has a value of its own (not only the default).
    static func hasOwnValue(in values: [PerJobValue], for job: String) -> Bool {
        values.contains { $0.job == job }
    }

    /// The first job named by one of `values` that is not among `names`, if any.
    static func unknownJob(in values: [PerJobValue], names: Set<String>) -> String? {
        values.lazy.compactMap(\.job).first { !names.contains($0) }
    }
}
