import Foundation

/// The chaos suite's downstream store: a file appended under a lock that refuses a commit
/// whose fencing token is lower than the highest it has accepted for the same job and item.
///
/// Workers in several processes share it. The highest accepted token of each (job, item)
/// lives in its own small file next to the sink (`PATH.tokens/JOB.ITEM`), so a commit costs
/// O(1) whatever the sink's length. Accepted commits are appended to `PATH` as
/// `job item token fire tag`.
struct FencedSink: Sendable {
    let path: String

    /// Commits a write; returns false when a higher token was accepted before.
    func commit(job: String, item: Int, token: Int64, fire: Int64, tag: String) -> Bool {
        let directory = path + ".tokens"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let descriptor = open(directory + "/\(job).\(item)", O_RDWR | O_CREAT, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { return false }
        defer { flock(descriptor, LOCK_UN) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        let highest = count > 0 ? Int64(String(decoding: buffer[0..<count], as: UTF8.self)) ?? .min : .min
        guard token >= highest else { return false }
        let text = Array(String(token).utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, text, text.count, 0)
        append("\(job) \(item) \(token) \(fire) \(tag)\n")
        return true
    }

    private func append(_ line: String) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let bytes = Array(line.utf8)
        _ = write(descriptor, bytes, bytes.count)
    }
}
