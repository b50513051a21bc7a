#if Console
import Hummingbird
import NIOCore

/// The console's request context: Hummingbird's core context plus the client's address,
/// which the login rate limit counts failures by.
///
/// The address is the TCP peer's: behind a reverse proxy every client shares the proxy's
/// address (the per-user limit still applies). `X-Forwarded-For` is not trusted, since any
/// client can send it.
public struct ConsoleRequestContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's storage: logger, path parameters, endpoint.
    public var coreContext: CoreRequestContextStorage
    /// The peer of the request's connection; nil in HummingbirdTesting's router framework.
    public let remoteAddress: SocketAddress?

    /// Creates the context of a request arriving on `source`'s channel.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The client's address without its port (`127.0.0.1`, `::1`), or `unknown`.
    var clientAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}
#endif
