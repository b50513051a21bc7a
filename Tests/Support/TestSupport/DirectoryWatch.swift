import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The changes in one directory as they happen: the name of each file created, written,
/// moved in or out, or removed there is recorded in `changes` (Linux's inotify).
///
/// For waits on files that other processes write — a chaos worker's output, a pid file a
/// script writes —: `changes.wait(_:within:checking:)` reads the files again when one
/// changed, never on a timer. The watch ends when the value is released (or the directory is
/// removed).
public final class DirectoryWatch: Sendable {
    /// The directory.
    public let path: String
    /// The names of the files that changed, in order (a name per change; several writes read
    /// at once count once). An empty name means "something changed" (the kernel's queue
    /// overflowed).
    public let changes = EventLog<String>()
    private let descriptor: WatchDescriptor

    /// Starts watching `path` (an existing directory).
    ///
    /// - Throws: `WatchError` when inotify refuses (no such directory, no inotify here).
    public init(_ path: String) throws {
        self.path = path
        descriptor = try WatchDescriptor(path)
        Thread.detachNewThread { [descriptor, changes] in descriptor.pump(into: changes) }
    }

    deinit { descriptor.stop() }

    /// Thrown when a directory cannot be watched.
    public struct WatchError: Error, CustomStringConvertible {
        /// The directory.
        public let path: String
        /// The `errno` of the refusal.
        public let code: Int32

        /// `cannot watch PATH: …`.
        public var description: String { "cannot watch \(path): \(String(cString: strerror(code)))" }
    }
}

/// An inotify descriptor with one watch, read by one thread; the reader closes it when the
/// watch ends, under the same lock as `stop()`, so a closed (and reused) number is never used.
private final class WatchDescriptor: Sendable {
    private let state: Mutex<(descriptor: Int32, watch: Int32, open: Bool)>

    init(_ path: String) throws {
        #if canImport(Glibc)
        let descriptor = inotify_init1(Int32(IN_CLOEXEC))
        guard descriptor >= 0 else { throw DirectoryWatch.WatchError(path: path, code: errno) }
        let mask = IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE
        let watch = inotify_add_watch(descriptor, path, UInt32(mask))
        guard watch >= 0 else {
            let code = errno
            close(descriptor)
            throw DirectoryWatch.WatchError(path: path, code: code)
        }
        state = Mutex((descriptor, watch, true))
        #else
        throw DirectoryWatch.WatchError(path: path, code: ENOSYS)
        #endif
    }

    /// Records the names of the changed files until the watch ends, then closes the descriptor.
    func pump(into changes: EventLog<String>) {
        #if canImport(Glibc)
        let descriptor = state.withLock { $0.descriptor }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var ended = false
        while !ended {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            var names: [String] = []
            var offset = 0
            // struct inotify_event: wd, mask, cookie, len (4 bytes each), then len bytes of name.
            while offset + 16 <= count {
                let (mask, length) = buffer.withUnsafeBytes {
                    ($0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                     Int($0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                let name = buffer[offset + 16..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                if mask & UInt32(IN_IGNORED) != 0 { ended = true }
                if mask & UInt32(IN_Q_OVERFLOW) != 0 { names.append("") }
                if !name.isEmpty {
                    let text = String(decoding: name, as: UTF8.self)
                    if !names.contains(text) { names.append(text) }
                }
                offset += 16 + length
            }
            changes.record(contentsOf: names)
        }
        state.withLock { state in
            close(state.descriptor)
            state.open = false
        }
        #endif
    }

    /// Ends the watch: the reader wakes (inotify reports the watch removed) and closes.
    func stop() {
        #if canImport(Glibc)
        state.withLock { state in
            if state.open { _ = inotify_rm_watch(state.descriptor, state.watch) }
        }
        #endif
    }
}
