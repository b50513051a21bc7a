#if Prometheus
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// The `/metrics` endpoint of `sharded-worker` and the example worker (docs/observability.md):
/// swift-metrics bootstrapped to a Prometheus registry, served in Prometheus' text format with
/// Hummingbird. Neither reaches a consumer of the core: this target belongs to no product.
///
/// ```swift
/// let endpoint = try MetricsEndpoint(listen: "127.0.0.1:9464", logger: logger)
/// endpoint.bootstrap()                    // once, before the scheduler is made
/// // run `endpoint` in the ServiceGroup
/// ```
public struct MetricsEndpoint: Service {
    /// Why `--metrics-listen` was refused.
    public struct AddressError: Error, CustomStringConvertible {
        /// The message, naming the address.
        public let description: String
    }

    /// The registry every instrument of the process lands in.
    public let registry = PrometheusCollectorRegistry()
    /// Where it listens.
    public let host: String
    /// The port (0: any free one).
    public let port: Int
    private let logger: Logger

    /// An endpoint on `listen`, `HOST:PORT` (an IPv6 host in brackets).
    public init(listen: String, logger: Logger) throws {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65_535).contains(port)
        else {
            throw AddressError(description: "--metrics-listen: \"\(listen)\" is not HOST:PORT, such as 127.0.0.1:9464")
        }
        var host = String(listen[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw AddressError(description: "--metrics-listen: \"\(listen)\" has no host") }
        self.host = host
        self.port = port
        self.logger = logger
    }

    /// A metrics factory whose instruments land in the registry.
    public var factory: any MetricsFactory { PrometheusMetricsFactory(registry: registry) }

    /// Makes the registry the process's metrics backend (`MetricsSystem.bootstrap`, once per process).
    public func bootstrap() {
        MetricsSystem.bootstrap(factory)
    }

    /// The registry's instruments in Prometheus' text format.
    public func text() -> String {
        registry.emitToString()
    }

    /// Serves `GET /metrics` until graceful shutdown.
    public func run() async throws {
        let registry = self.registry
        let router = Router()
        router.get("metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "sharded-jobs-metrics"),
            logger: logger)
        try await app.run()
    }
}
#endif
