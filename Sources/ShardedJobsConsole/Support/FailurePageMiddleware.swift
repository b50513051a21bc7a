#if Console
import Hummingbird
import ShardedJobsOperations
import ShardedJobsZooKeeper

/// Turns a failure behind a page into a page that says what failed: a missing namespace or
/// job (404), ZooKeeper or the tracing store unavailable (503), instead of an empty 500.
///
/// Hummingbird's own `HTTPError`s (a bad form, a missing parameter) pass through unchanged.
struct FailurePageMiddleware: RouterMiddleware {
    typealias Context = ConsoleRequestContext

    let console: WebConsole

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            throw error
        } catch let error as OperationsError where error.code == .notFound {
            return try await page(request, title: "Not found", text: error.message, status: .notFound)
        } catch let error as ZooKeeperError where error.code == .noNode {
            let namespace = console.operations.namespace ?? "/"
            if (try? await console.operations.namespaceExists()) == false {
                let text = "The namespace \(namespace) does not exist in this ZooKeeper: check --namespace."
                return try await page(request, title: "No such namespace", text: text, status: .notFound)
            }
            return try await unavailable(request, error)
        } catch {
            return try await unavailable(request, error)
        }
    }

    private func unavailable(_ request: Request, _ error: any Error) async throws -> Response {
        console.logger.error("console page failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
        let text = "Reading the cluster or the tracing store failed: \(error). The page works again once they answer."
        return try await page(request, title: "Unavailable", text: text, status: .serviceUnavailable)
    }

    private func page(_ request: Request, title: String, text: String, status: HTTPResponse.Status) async throws -> Response {
        try await console.messagePage(await console.visitor(request), title: title, text: text, status: status)
    }
}
#endif
