import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A ``LoadProbe`` that reads a file holding `cpuPerCore=0.42 memRatio=0.61`, read again
/// whenever it is replaced or its size or modification time changes (`sharded-worker
/// --load-file PATH`): tests and operators set a process's load by writing it.
public final class FileLoadProbe: LoadProbe {
    /// The file.
    public let path: String
    private let cache = Mutex<(stamp: [Int]?, sample: LoadSample?)>((nil, nil))

    /// A probe of the file at `path`; nothing is read until the first sample.
    public init(path: String) {
        self.path = path
    }

    /// The file's sample; throws ``LoadProbeError`` naming the file when it is missing or does
    /// not hold both values.
    public func sample() throws -> LoadSample {
        let stamp = try self.stamp()
        if let known = cache.withLock({ $0.stamp == stamp ? $0.sample : nil }) { return known }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw LoadProbeError("load file \(path): \(error.localizedDescription)")
        }
        guard let sample = LoadSample(text: text) else {
            throw LoadProbeError("load file \(path) must hold \"cpuPerCore=<number> memRatio=<number>\", not \"\(text.prefix(80))\"")
        }
        cache.withLock { $0 = (stamp, sample) }
        return sample
    }

    /// The file's identity, size and modification time to the nanosecond: a change of any
    /// means it was written again.
    private func stamp() throws -> [Int] {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw LoadProbeError("load file \(path): \(String(cString: strerror(errno)))")
        }
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        return [Int(info.st_ino), Int(info.st_size), Int(modified.tv_sec), Int(modified.tv_nsec)]
    }
}
