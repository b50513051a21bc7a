#if Console && SQLiteTracing && PostgresTracing
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import Testing
import TestSupport

extension ConsoleTests {
    /// `sharded-console serve --tls-certificate --tls-key`: the optional TLS listener (issue 19
    /// item 8).
    @Suite("The console's TLS listener", .tier(.server))
    struct TLSListenerTests {
        @Test("with a certificate and its key it serves HTTPS only and its session cookie is Secure; one without the other, or a file that is no PEM, is refused naming it")
        func https() async throws {
            try await ConsoleCluster.with { cluster in
                let files = try await SelfSignedCertificate.make(in: cluster.directory)
                try await cluster.store.prepare()
                try await cluster.createNamespace()
                let base = [
                    "serve", "--zk", cluster.server.connectString, "--namespace", cluster.namespace, "--sqlite", cluster.store.path,
                    "--listen", "127.0.0.1:0",
                ]
                let refused: [([String], String)] = [
                    (["--tls-certificate", files.certificate], "--tls-certificate needs --tls-key"),
                    (["--tls-key", files.key], "--tls-key needs --tls-certificate"),
                    (["--tls-certificate", files.key, "--tls-key", files.key], "--tls-certificate \(files.key) is not a readable PEM certificate chain"),
                    (["--tls-certificate", files.certificate, "--tls-key", files.certificate], "--tls-key \(files.certificate) is not a readable PEM private key"),
                ]
                for (arguments, message) in refused {
                    let run = try await Products.run("sharded-console", base + arguments)
                    #expect(run.status == 64 && run.output.contains(message), "\(arguments): \(run.output)")
                }
                let password = cluster.directory.appendingPathComponent("password")
                try "pw".write(to: password, atomically: true, encoding: .utf8)
                let console = try TestProcess.logged(
                    "console-tls", product: "sharded-console",
                    arguments: base + [
                        "--tls-certificate", files.certificate, "--tls-key", files.key, "--user", "ops", "--password-file", password.path,
                    ], logDirectory: cluster.directory)
                do {
                    let site = try await console.waitForLine("its address", within: .seconds(60)) { line in
                        line.hasPrefix("sharded-console listening on ") ? String(line.dropFirst("sharded-console listening on ".count)) : nil
                    }
                    #expect(site.hasPrefix("https://127.0.0.1:"), "\(site)")
                    let address = site.replacingOccurrences(of: "127.0.0.1", with: "localhost")
                    var configuration = HTTPClient.Configuration()
                    var tls = TLSConfiguration.makeClientConfiguration()
                    tls.trustRoots = .file(files.certificate)
                    configuration.tlsConfiguration = tls
                    configuration.redirectConfiguration = .disallow
                    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
                    do {
                        let page = try await client.execute(HTTPClientRequest(url: address + "/"), timeout: .seconds(30))
                        let body = String(buffer: try await page.body.collect(upTo: 1 << 20))
                        #expect(page.status == .ok && body.contains(cluster.namespace), "\(page.status): \(body.prefix(300))")
                        var login = HTTPClientRequest(url: address + "/login")
                        login.method = .POST
                        login.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
                        login.body = .bytes(ByteBuffer(string: "user=ops&password=pw&next=%2F"))
                        let loggedIn = try await client.execute(login, timeout: .seconds(30))
                        let cookie = loggedIn.headers.first(name: "Set-Cookie") ?? ""
                        #expect(loggedIn.status == .seeOther && cookie.contains("Secure") && cookie.contains("HttpOnly"), "\(loggedIn.status): \(cookie)")
                        let plain = try? await HTTPClient.shared.execute(
                            HTTPClientRequest(url: address.replacingOccurrences(of: "https://", with: "http://") + "/"), timeout: .seconds(10))
                        #expect(plain?.status != .ok, "no page in the clear")
                    } catch {
                        try await client.shutdown()
                        throw error
                    }
                    try await client.shutdown()
                } catch {
                    _ = await console.stop(grace: .seconds(5))
                    throw error
                }
                #expect(await console.stop(grace: .seconds(20)) == 0, "\(console.output.suffix(2000))")
            }
        }
    }
}
#endif
