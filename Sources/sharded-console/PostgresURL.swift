import ArgumentParser
import Foundation
import PostgresNIO

/// Reads `postgres://user[:password]@host[:port]/database[?sslmode=…]` into a client configuration.
enum PostgresURL {
    /// The configuration of `text`; throws `ValidationError` naming what is missing.
    static func configuration(_ text: String) throws -> PostgresClient.Configuration {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? ""),
            let host = url.host, !host.isEmpty
        else {
            throw ValidationError("--postgres must look like postgres://user:password@host:5432/database")
        }
        let user = url.user ?? "postgres"
        let database = url.path.split(separator: "/").first.map(String.init) ?? user
        let tls: PostgresClient.Configuration.TLS
        switch url.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        case let mode: throw ValidationError("--postgres: sslmode \(mode) is not supported (disable, prefer or require)")
        }
        return PostgresClient.Configuration(
            host: host, port: url.port ?? 5432, username: user, password: url.password, database: database, tls: tls)
    }
}
