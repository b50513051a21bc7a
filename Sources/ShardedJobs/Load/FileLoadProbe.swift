import Foundation
import Synchronization

/// A ``LoadProbe`` that reads a file holding `cpuPerCore=0.42 memRatio=0.61`, read again
/// whenever its size or modification time changes (`sharded-worker --load-file PATH`): tests
/// and operators set a process's load by writing it.
public final class FileLoadProbe: LoadProbe {
    /// The file.
    public let path: String
    private let cache = Mutex<(stamp: [String]?, sample: LoadSample?)>((nil, nil))

    /// A probe of the file at `path`; nothing is read until the first sample.
    public init(path: String) {
        self.path = path
    }

    /// The file's sample; throws ``LoadProbeError`` naming the file when it is missing or does
    /// not hold both values.
    public func sample() throws -> LoadSample {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw LoadProbeError("load file \(path): \(error.localizedDescription)")
        }
        let stamp = [attributes[.modificationDate], attributes[.size]].map { "\($0 ?? "")" }
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
}
