import Foundation
import TestSupport

/// A real SMTP relay for tests: Debian's `python3-aiosmtpd` on 127.0.0.1, requiring STARTTLS
/// (a self-signed certificate for `localhost`, made with `openssl`) and `AUTH` as
/// `alarm`/`secret` before it takes mail. Each message it takes is printed as one
/// `MESSAGE {json}` line: the authenticated user, whether TLS was on, the envelope and the text.
final class LocalSMTPRelay: Sendable {
    /// What the relay took.
    struct Message: Decodable {
        let user: String?
        let tls: Bool
        let from: String
        let to: [String]
        let data: String
    }

    let port: Int
    /// The PEM certificate the relay presents (to trust in the client).
    let certificate: String
    private let directory: URL
    private let process: TestProcess

    static let server = """
        import json, socket, ssl, sys, threading
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                user = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
                print("MESSAGE " + json.dumps({"user": user, "tls": session.ssl is not None, "from": envelope.mail_from,
                    "to": envelope.rcpt_tos, "data": envelope.content.decode("utf-8", "replace")}), flush=True)
                return "250 OK"

        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"alarm" and auth_data.password == b"secret"
            return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        controller = Controller(Handler(), hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
            authenticator=authenticate, auth_require_tls=True)
        controller.start()
        print(f"READY {port}", flush=True)
        threading.Event().wait()  # until the test stops it (standard input is /dev/null)
        """

    /// Makes the certificate and starts the relay; returns once it listens.
    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-relay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files = try await SelfSignedCertificate.make(in: directory)
        certificate = files.certificate
        let script = directory.appendingPathComponent("relay.py")
        try Self.server.write(to: script, atomically: true, encoding: .utf8)
        process = try TestProcess(
            URL(fileURLWithPath: "/usr/bin/python3"), ["-u", script.path, files.certificate, files.key], name: "aiosmtpd",
            mergingStandardError: true)
        let ready = try await process.line(startingWith: "READY ", within: .seconds(30))
        guard let port = Int(ready.dropFirst("READY ".count)) else { throw RelayError("the relay said \(ready)") }
        self.port = port
    }

    /// Waits for the `count`-th message the relay took.
    func messages(_ count: Int) async throws -> [Message] {
        let lines = try await process.wait(for: "\(count) messages", within: .seconds(30)) { lines in
            let found = lines.filter { $0.hasPrefix("MESSAGE ") }
            return found.count >= count ? found : nil
        }
        return try lines.map { try JSONDecoder().decode(Message.self, from: Data($0.dropFirst("MESSAGE ".count).utf8)) }
    }

    /// Stops the relay and removes its files.
    func stop() async {
        await process.stop(grace: .milliseconds(500))  // nothing to flush: SIGKILL soon is fine
        try? FileManager.default.removeItem(at: directory)
    }

    struct RelayError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
