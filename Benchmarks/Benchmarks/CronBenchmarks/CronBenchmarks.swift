import Benchmark
import Foundation
import ShardedJobsCron

/// Cron next-fire and parse over the corpus of `shardctl cron bench`
/// (scripts/cron-bench-corpus.tsv: ordinary and special Quartz expressions in several zones,
/// some next to daylight-saving changes). One iteration is one pass over the corpus.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(2))
    let corpus = CronCorpus.load()

    // 10 successive next fire times of every valid case, from its start.
    Benchmark("cron next-fire: 10 per corpus case") { benchmark in
        for _ in benchmark.scaledIterations {
            for batchCase in corpus.cases {
                var cursor = batchCase.start
                for _ in 0..<10 {
                    guard let next = batchCase.expression.nextFireTime(afterEpochMilliseconds: cursor, in: batchCase.timeZone) else { break }
                    cursor = next
                }
                blackHole(cursor)
            }
        }
    }

    // Every expression of the corpus, valid or not (errors are part of the work).
    Benchmark("cron parse: every corpus expression") { benchmark in
        for _ in benchmark.scaledIterations {
            for text in corpus.expressions {
                blackHole(try? CronExpression(text))
            }
        }
    }
}

/// The corpus, read from the repository next to this package.
enum CronCorpus {
    /// Reads scripts/cron-bench-corpus.tsv as `shardctl cron bench` does.
    static func load() -> CronBenchmark {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("scripts/cron-bench-corpus.tsv").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            fatalError("cannot read the cron corpus at \(path)")
        }
        let corpus = CronBenchmark(lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        guard !corpus.cases.isEmpty else { fatalError("the cron corpus at \(path) has no valid case") }
        return corpus
    }
}
