import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Reads a worker's `/metrics` (Prometheus' text format) in tests.
public enum PrometheusScrape {
    /// Why a scrape failed.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public let description: String
    }

    /// The text served at `http://127.0.0.1:{port}/metrics`.
    public static func text(port: Int) async throws -> String {
        guard let url = URL(string: "http://127.0.0.1:\(port)/metrics") else { throw Failure(description: "no URL for port \(port)") }
        let (data, response) = try await URLSession.shared.data(from: url)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else { throw Failure(description: "GET \(url) answered \(status)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// The samples of metric `name` in `text`: each sample's labels and value.
    public static func samples(_ name: String, in text: String) -> [(labels: [String: String], value: Double)] {
        text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix(name + "{"), let open = line.firstIndex(of: "{"), let close = line.lastIndex(of: "}"),
                let value = Double(line[line.index(after: close)...].trimmingCharacters(in: .whitespaces))
            else { return nil }
            let labels = line[line.index(after: open)..<close].split(separator: ",").reduce(into: [String: String]()) { labels, pair in
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { labels[String(parts[0])] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            }
            return (labels, value)
        }
    }

    /// `sharded_jobs_item_executions_total` of `job` by outcome.
    public static func executions(of job: String, in text: String) -> [String: Int] {
        samples("sharded_jobs_item_executions_total", in: text).reduce(into: [:]) { counts, sample in
            guard sample.labels["job"] == job, let outcome = sample.labels["outcome"] else { return }
            counts[outcome, default: 0] += Int(sample.value)
        }
    }
}
