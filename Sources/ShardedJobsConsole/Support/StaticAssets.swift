#if Console
import Foundation
import Hummingbird

/// The stylesheet and the script the pages use, read once from the package's resources.
///
/// Everything the console serves is in the package: no framework is fetched at run time.
struct StaticAssets: Sendable {
    /// File name to content type and bytes.
    private let files: [String: (type: String, bytes: ByteBuffer)]

    /// Reads `Resources/static/console.css` and `console.js`.
    static func load() throws -> StaticAssets {
        var files: [String: (type: String, bytes: ByteBuffer)] = [:]
        for (name, type) in [("console.css", "text/css; charset=utf-8"), ("console.js", "text/javascript; charset=utf-8")] {
            let parts = name.split(separator: ".")
            guard let url = Bundle.module.url(forResource: String(parts[0]), withExtension: String(parts[1]), subdirectory: "Resources/static"),
                let data = FileManager.default.contents(atPath: url.path)
            else { throw ConsoleError("the console's \(name) is missing from its resource bundle") }
            files[name] = (type, ByteBuffer(bytes: data))
        }
        return StaticAssets(files: files)
    }

    /// The response for `/static/{name}`, or 404.
    func response(_ name: String) -> Response {
        guard let file = files[name] else { return Response(status: .notFound) }
        return Response(
            status: .ok, headers: [.contentType: file.type, .cacheControl: "max-age=300"], body: .init(byteBuffer: file.bytes))
    }
}
#endif
