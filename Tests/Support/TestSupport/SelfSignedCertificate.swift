import Foundation

/// A throwaway certificate for `localhost` and 127.0.0.1 (one day, RSA 2048, made with the
/// `openssl` command), for tests of TLS listeners and clients: trust ``certificate`` in the
/// client, give both files to the server.
public struct SelfSignedCertificate: Sendable {
    /// The PEM certificate.
    public let certificate: String
    /// The PEM private key.
    public let key: String

    /// Makes `cert.pem` and `key.pem` in `directory`; throws with `openssl`'s output when it fails.
    public static func make(in directory: URL) async throws -> SelfSignedCertificate {
        let made = SelfSignedCertificate(
            certificate: directory.appendingPathComponent("cert.pem").path, key: directory.appendingPathComponent("key.pem").path)
        let run = try await ExecutableRun.run(
            URL(fileURLWithPath: "/usr/bin/openssl"),
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", made.key, "-out", made.certificate,
            ])
        guard run.status == 0 else { throw CertificateError(description: "openssl could not make a certificate: \(run)") }
        return made
    }

    /// `openssl` failed.
    public struct CertificateError: Error, CustomStringConvertible {
        /// What it printed.
        public let description: String
    }
}
