import ArgumentParser
import ExecutionChecker

/// The options that describe the checked jobs: schedules, item counts, dependencies, skip
/// policies, disabled and forbidden items — each for every job or, written `JOB=VALUE` (or
/// `JOB:` for item lists), for one.
struct JobOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp("The fire period in ms, for every job or one (repeatable).", valueName: "[job=]ms"),
        transform: { try PerJobValue(parsing: $0, expected: "MS with MS > 0") { Int64($0).flatMap { $0 > 0 ? $0 : nil } } })
    var periodMs: [PerJobValue<Int64>] = []

    @Option(
        help: ArgumentHelp("The phase of the fire period in ms (fires at times ≡ phase mod period).", valueName: "[job=]ms"),
        transform: { try PerJobValue(parsing: $0, expected: "MS") { Int64($0) } })
    var phaseMs: [PerJobValue<Int64>] = []

    @Option(
        help: ArgumentHelp(
            "A file of fire times in epoch ms (numbers, or 'FIRE <ms>' lines of 'shardctl cron next --batch'), instead of --period-ms.",
            valueName: "[job=]file"),
        transform: { try PerJobValue(parsing: $0, expected: "FILE") { $0.isEmpty ? nil : $0 } })
    var firesFile: [PerJobValue<String>] = []

    @Option(
        help: ArgumentHelp("The number of sharding items, of every job or one (repeatable).", valueName: "[job=]n"),
        transform: { try PerJobValue(parsing: $0, expected: "N with N ≥ 1") { Int($0).flatMap { $0 >= 1 ? $0 : nil } } })
    var items: [PerJobValue<Int>] = []

    @Option(
        help: ArgumentHelp(
            "A dependent job and its upstreams: its owed fires are computed from their lines (repeatable).",
            valueName: "job=up,up…"),
        transform: OptionFormats.dependsOn)
    var dependsOn: [PerJobValue<[String]>] = []

    @Option(
        help: ArgumentHelp("Whether a dependent job owes a run for a set with a failed upstream fire (default skip).",
                           valueName: "job=skip|run"),
        transform: { try PerJobValue(parsing: $0, expected: "skip|run") { FireSchedule.UpstreamFailure(rawValue: $0) } })
    var onUpstreamFailure: [PerJobValue<FireSchedule.UpstreamFailure>] = []

    @Option(
        help: ArgumentHelp(
            "SKIP reasons a job's policy allows: skip, window, inactive, paused, disabled (repeatable).",
            valueName: "[job=]reason,reason…"),
        transform: OptionFormats.reasons)
    var allowSkip: [PerJobValue<Set<Skip.Reason>>] = []

    @Option(
        help: ArgumentHelp(
            "Disabled items: [JOB:]ITEM,ITEM…[@FROM-TO] — of one job or all, always or for the fires in FROM-TO (repeatable).",
            valueName: "items"),
        transform: ItemsOption.init(parsing:))
    var disabled: [ItemsOption] = []

    @Option(
        help: ArgumentHelp(
            "Fail any execution but a manual trigger of these items with a fire in FROM-TO: [JOB:]ITEM,ITEM…@FROM-TO (repeatable).",
            valueName: "items"),
        transform: ItemsOption.forbidden)
    var forbid: [ItemsOption] = []

    /// The specifications of the named jobs.
    ///
    /// - Parameters:
    ///   - names: The checked jobs.
    ///   - readFires: Reads a fires file.
    /// - Throws: A `ValidationError` when an option names a job that is not checked, or a job
    ///   has no schedule or item count, or two settings conflict.
    func specs(for names: [String], readFires: (String) throws -> [Int64]) throws -> [JobSpec] {
        let known = Set(names)
        let perJob: [(String, String?)] = [
            ("--period-ms", PerJobValue.unknownJob(in: periodMs, names: known)),
            ("--phase-ms", PerJobValue.unknownJob(in: phaseMs, names: known)),
            ("--fires-file", PerJobValue.unknownJob(in: firesFile, names: known)),
            ("--items", PerJobValue.unknownJob(in: items, names: known)),
            ("--depends-on", PerJobValue.unknownJob(in: dependsOn, names: known)),
            ("--on-upstream-failure", PerJobValue.unknownJob(in: onUpstreamFailure, names: known)),
            ("--allow-skip", PerJobValue.unknownJob(in: allowSkip, names: known)),
            ("--disabled", disabled.lazy.compactMap(\.job).first { !known.contains($0) }),
            ("--forbid", forbid.lazy.compactMap(\.job).first { !known.contains($0) }),
        ]
        for case let (option, job?) in perJob {
            throw ValidationError("\(option) names job '\(job)', which is not checked")
        }
        var fireLists: [String: [Int64]] = [:]
        return try names.map { name in
            let schedule = try schedule(for: name) { path in
                if let fires = fireLists[path] { return fires }
                let fires = try readFires(path)
                fireLists[path] = fires
                return fires
            }
            guard let itemCount = PerJobValue.value(in: items, for: name) else {
                throw ValidationError("job '\(name)' has no item count: give --items N or --items \(name)=N")
            }
            let disabledItems = ItemsOption.disabled(disabled, for: name)
            if let item = disabledItems.map(\.item).first(where: { $0 >= itemCount }) {
                throw ValidationError("disabled item \(item) of job '\(name)' is not below its \(itemCount) items")
            }
            let reasons = allowSkip.filter { $0.job == nil || $0.job == name }.reduce(into: Set()) { $0.formUnion($1.value) }
            return JobSpec(
                name: name, schedule: schedule, itemCount: itemCount, disabled: disabledItems,
                allowedSkipReasons: reasons, forbidden: ItemsOption.forbidden(forbid, for: name))
        }
    }

    /// One job's schedule: its upstreams, else its own period or fires file, else the default.
    private func schedule(for name: String, fires: (String) throws -> [Int64]) throws -> FireSchedule {
        let ownPeriod = periodMs.last { $0.job == name }?.value
        let ownFile = firesFile.last { $0.job == name }?.value
        let ownPhase = PerJobValue.hasOwnValue(in: phaseMs, for: name)
        if let upstreams = dependsOn.last(where: { $0.job == name })?.value {
            guard ownPeriod == nil, ownFile == nil, !ownPhase else {
                throw ValidationError("job '\(name)' depends on other jobs: it takes no --period-ms, --phase-ms or --fires-file")
            }
            let onFailure = PerJobValue.value(in: onUpstreamFailure, for: name) ?? .skip
            return .dependent(on: upstreams, onUpstreamFailure: onFailure)
        }
        if PerJobValue.hasOwnValue(in: onUpstreamFailure, for: name) {
            throw ValidationError("--on-upstream-failure names job '\(name)', which has no --depends-on")
        }
        var period = ownPeriod, file = ownFile
        if period == nil && file == nil {
            period = periodMs.last { $0.job == nil }?.value
            file = firesFile.last { $0.job == nil }?.value
        }
        switch (period, file) {
        case (let period?, nil):
            return .periodic(periodMs: period, phaseMs: PerJobValue.value(in: phaseMs, for: name) ?? 0)
        case (nil, let file?):
            if ownPhase { throw ValidationError("--phase-ms applies to a period; job '\(name)' has a fires file") }
            return .explicit(try fires(file))
        case (_?, _?):
            throw ValidationError("job '\(name)' has both a period and a fires file: give one")
        case (nil, nil):
            throw ValidationError(
                "job '\(name)' has no schedule: give --period-ms, --fires-file or --depends-on (for it with \(name)=…)")
        }
    }
}
