#if Console
import Foundation
import Hummingbird
import Mustache

/// The console's Mustache templates, loaded once from the package's resources.
///
/// Pages are whole templates (`overview`, `job`, `history`, `login`, `message`); the live
/// fragments of the job page are partials (`job-status`, `job-sharding`, …) rendered alone
/// for server-sent events and included by `job`.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads every `*.mustache` file of `Resources/templates`.
    static func load() async throws -> PageRenderer {
        guard let directory = Bundle.module.url(forResource: "templates", withExtension: nil, subdirectory: "Resources") else {
            throw ConsoleError("the console's templates are missing from its resource bundle")
        }
        return PageRenderer(library: try await MustacheLibrary(directory: directory.path))
    }

    /// The template `name` rendered with `context`; a missing template is a programming error
    /// reported as a 500.
    func render(_ name: String, _ context: Any) throws -> String {
        guard let text = library.render(context, withTemplate: name) else {
            throw HTTPError(.internalServerError, message: "template \(name) is missing")
        }
        return text
    }

    /// An HTML response of template `name`.
    func page(_ name: String, _ context: Any, status: HTTPResponse.Status = .ok) throws -> Response {
        let html = try render(name, context)
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
#endif
