import Testing

@testable import ShardedJobs

/// `SPREAD` (issue 20 item 3, DESIGN 12.8): one job's assignment within its pool, decided by
/// the leaders one at a time, each seeing the summaries of the decisions before it.
@Suite("SPREAD strategy")
struct SpreadStrategyTests {
    static func process(_ n: Int) -> JobInstanceID { JobInstanceID(ip: "10.0.0.\(n)", pid: 100 + n) }

    /// The pool: job → its summary (owners of its items).
    struct Pool {
        var owners: [String: [Int: JobInstanceID]] = [:]

        /// How many items of the jobs other than `job` each process owns.
        func counts(except job: String) -> [JobInstanceID: Int] {
            owners.filter { $0.key != job }.values.reduce(into: [:]) { counts, assignment in
                for owner in assignment.values { counts[owner, default: 0] += 1 }
            }
        }

        /// Every job's leader decides once, in job order; returns how many items moved.
        mutating func settle(_ jobs: [String: Int], on candidates: [JobInstanceID]) -> Int {
            var moved = 0
            for job in jobs.keys.sorted() {
                let before = owners[job] ?? [:]
                let after = SpreadStrategy.assign(itemCount: jobs[job] ?? 0, candidates: candidates, owners: before, pool: counts(except: job))
                moved += after.filter { before[$0.key] != nil && before[$0.key] != $0.value }.count
                owners[job] = after
            }
            return moved
        }

        /// Items per process over the whole pool.
        var perProcess: [JobInstanceID: Int] {
            owners.values.reduce(into: [:]) { counts, assignment in
                for owner in assignment.values { counts[owner, default: 0] += 1 }
            }
        }
    }

    @Test("100 one-item jobs on 4 processes: 25 each (average allocation gives one process all 100); a fifth joins: 20 each with exactly 20 items moved")
    func hundredJobs() {
        let jobs = Dictionary(uniqueKeysWithValues: (0..<100).map { ("job\($0)", 1) })
        let four = (1...4).map(Self.process).sorted { $0.description > $1.description }
        var pool = Pool()
        _ = pool.settle(jobs, on: four)
        #expect(pool.perProcess.values.sorted() == [25, 25, 25, 25], "\(pool.perProcess)")
        let average = jobs.keys.map { _ in AverageAllocationStrategy().sharding(four, jobName: "j", shardingTotalCount: 1) }
        #expect(Set(average.flatMap { $0.filter { !$0.value.isEmpty }.keys }).count == 1, "average allocation loads one process")

        let five = (four + [Self.process(5)]).sorted { $0.description > $1.description }
        let moved = pool.settle(jobs, on: five)
        #expect(moved == 20)
        #expect(pool.perProcess.values.sorted() == [20, 20, 20, 20, 20], "\(pool.perProcess)")
        // Settled: another round moves nothing.
        #expect(pool.settle(jobs, on: five) == 0)
    }

    @Test("a process leaves: only its items move, to the lowest counts; jobs of several items keep what they can")
    func leaveAndMultiItemJobs() {
        let jobs = ["a": 7, "b": 5, "c": 3, "d": 1]
        let three = (1...3).map(Self.process)
        var pool = Pool()
        _ = pool.settle(jobs, on: three)
        #expect(pool.perProcess.values.sorted() == [5, 5, 6], "\(pool.perProcess)")
        let survivors = Array(three.dropLast())
        let before = pool.owners
        let moved = pool.settle(jobs, on: survivors)
        let lost = before.values.flatMap(\.values).filter { $0 == three[2] }.count
        #expect(moved == lost && lost == 5, "only the leaving process's items move: \(moved) of \(lost)")
        #expect(pool.perProcess.values.sorted() == [8, 8], "\(pool.perProcess)")
        let kept = jobs.keys.reduce(0) { sum, job in
            sum + (pool.owners[job] ?? [:]).filter { before[job]?[$0.key] == $0.value }.count
        }
        #expect(kept == 16 - lost, "every item of a surviving owner stays")
        #expect(SpreadStrategy.assign(itemCount: 3, candidates: [], owners: [:], pool: [:]).isEmpty)
    }
}
