#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
