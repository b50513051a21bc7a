#if Console && SQLiteTracing && PostgresTracing
import NIOSSL

/// The console's optional TLS listener: a PEM certificate chain and its PEM private key.
struct TLSFiles {
    let certificate: String
    let key: String

    /// The files of `--tls-certificate` and `--tls-key`: nil when neither is given, an error
    /// naming the missing one when only one is.
    static func from(certificate: String?, key: String?) throws -> TLSFiles? {
        switch (certificate, key) {
        case (nil, nil): return nil
        case (let certificate?, let key?): return TLSFiles(certificate: certificate, key: key)
        case (nil, _): throw TLSFilesError("--tls-key needs --tls-certificate (the PEM certificate chain)")
        case (_, nil): throw TLSFilesError("--tls-certificate needs --tls-key (the PEM private key)")
        }
    }

    /// The server configuration; an error naming the file that cannot be read as PEM.
    func serverConfiguration() throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificate)
        } catch {
            throw TLSFilesError("--tls-certificate \(certificate) is not a readable PEM certificate chain: \(error)")
        }
        let privateKey: NIOSSLPrivateKey
        do {
            privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
        } catch {
            throw TLSFilesError("--tls-key \(key) is not a readable PEM private key: \(error)")
        }
        return TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
    }
}

/// A TLS option that cannot work, with the reason.
struct TLSFilesError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
#endif
