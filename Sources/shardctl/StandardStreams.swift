#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif


/// Writes text to standard output and standard error without `print`'s per-call overhead.
///
/// Shared by the subcommands: batch output is collected into chunks and
/// written with one system call each.
enum StandardStreams {
    /// Writes `text` to standard output as it is.
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in writeAll(1, buffer) }
    }

    /// Writes `text` and a newline to standard error.
    static func writeError(_ text: String) {
        var line = text + "\n"
        line.withUTF8 { buffer in writeAll(2, buffer) }
    }

    /// Writes `text` to standard error without a newline (a question before an answer).
    static func writeErrorPrompt(_ text: String) {
        var text = text
        text.withUTF8 { buffer in writeAll(2, buffer) }
    }

    private static func writeAll(_ descriptor: Int32, _ buffer: UnsafeBufferPointer<UInt8>) {
        guard var pointer = buffer.baseAddress else { return }
        var remaining = buffer.count
        while remaining > 0 {
            let written = systemWrite(descriptor, pointer, remaining)
            if written <= 0 { return }
            pointer += written
            remaining -= written
        }
    }

    /// Reads standard input line by line, without the line feed (a CR is left for the caller).
    static func lines() -> AnySequence<String> {
        AnySequence {
            AnyIterator {
                guard let line = readLine(strippingNewline: false) else { return nil }
                var bytes = Array(line.utf8)
                if bytes.last == 0x0A { bytes.removeLast() }
                return String(decoding: bytes, as: UTF8.self)
            }
        }
    }
}

/// Thin wrapper over the C library's `write(2)`, so the streams code stays platform-neutral.
///
/// Returns the number of bytes written, or a negative value on error; an
/// interrupted call is retried.
func systemWrite(_ descriptor: Int32, _ pointer: UnsafePointer<UInt8>, _ count: Int) -> Int {
    while true {
        let result = write(descriptor, pointer, count)
        if result < 0 && errno == EINTR { continue }
        return result
    }
}
