import ArgumentParser
import ExecutionChecker

/// One `--disabled` or `--forbid` option: items of all checked jobs or one of them, always or
/// for a range of fires.
///
/// Written `[JOB:]ITEMS[@FROM-TO]`: `3,5` names items 3 and 5 of every job throughout;
/// `sync:3` only job `sync`'s item 3; `3@1700000010000-1700000020000` item 3 for the fires in
/// that range (both ends included). `--forbid` needs the range.
struct ItemsOption: Sendable {
    /// The job the items belong to; `nil` for every checked job.
    var job: String?
    /// The items.
    var items: [Int]
    /// The fires the option applies to; `nil` for all.
    var fires: ClosedRange<Int64>?

    /// Creates an option value.
    ///
    /// - Parameters:
    ///   - job: The job, or `nil` for all.
    ///   - items: The items.
    ///   - fires: The range of fires, or `nil` for all.
    init(job: String?, items: [Int], fires: ClosedRange<Int64>?) {
        self.job = job
        self.items = items
        self.fires = fires
    }

    /// Parses `[JOB:]ITEMS[@FROM-TO]`: the job is everything before the last `:`, the range
    /// everything after the first `@` that follows it.
    ///
    /// - Parameter text: The option's value.
    /// - Throws: A `ValidationError` naming the text when it does not parse.
    init(parsing text: String) throws {
        var rest = Substring(text)
        var job: String?
        if let colon = rest.lastIndex(of: ":") {
            job = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        var fires: ClosedRange<Int64>?
        if let at = rest.firstIndex(of: "@") {
            fires = try OptionFormats.range(String(rest[rest.index(after: at)...]))
            rest = rest[..<at]
        }
        let items = rest.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
        guard job != "", !items.isEmpty, items.allSatisfy({ ($0 ?? -1) >= 0 }) else {
            throw ValidationError("bad items '\(text)': expected [JOB:]ITEM,ITEM…[@FROM-TO] with items ≥ 0")
        }
        self.init(job: job, items: items.compactMap { $0 }, fires: fires)
    }

    /// Parses a `--forbid` value, `[JOB:]ITEMS@FROM-TO`: like ``init(parsing:)``, with the range
    /// required.
    ///
    /// - Parameter text: The option's value.
    /// - Throws: A `ValidationError` naming the text when it does not parse or has no range.
    static func forbidden(_ text: String) throws -> ItemsOption {
        let option = try ItemsOption(parsing: text)
        guard option.fires != nil else {
            throw ValidationError("bad forbidden fires '\(text)': expected [JOB:]ITEM,ITEM…@FROM-TO")
        }
        return option
    }

    /// Whether this option applies to the named job.
    ///
    /// - Parameter name: A checked job's name.
    func applies(to name: String) -> Bool {
        job == nil || job == name
    }

    /// The disabled-item entries of every `--disabled` option that applies to `name`.
    ///
    /// - Parameters:
    ///   - options: The `--disabled` options.
    ///   - name: A checked job's name.
    static func disabled(_ options: [ItemsOption], for name: String) -> [JobSpec.DisabledItem] {
        options.filter { $0.applies(to: name) }.flatMap { option in
            option.items.map { JobSpec.DisabledItem(item: $0, fires: option.fires) }
        }
    }

    /// The forbidden ranges of every `--forbid` option that applies to `name`.
    ///
    /// - Parameters:
    ///   - options: The `--forbid` options (each with a range).
    ///   - name: A checked job's name.
    static func forbidden(_ options: [ItemsOption], for name: String) -> [JobSpec.ForbiddenFires] {
        options.filter { $0.applies(to: name) }.flatMap { option in
            option.fires.map { fires in option.items.map { JobSpec.ForbiddenFires(item: $0, fires: fires) } } ?? []
        }
    }
}
