import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One SMTP conversation with a relay (RFC 5321): commands out, replies in, upgraded to TLS by
/// STARTTLS (RFC 3207) before anything else is said.
struct SMTPConversation {
    /// A reply: its code and its text lines.
    struct Reply {
        let code: Int
        let lines: [String]
        var text: String { lines.joined(separator: " / ") }
    }

    let settings: SMTPSettings
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    /// Connects to the relay and runs `body` with the conversation; the connection is closed
    /// afterwards, whatever happened.
    static func with<Value: Sendable>(
        _ settings: SMTPSettings, _ body: (inout SMTPConversation) async throws -> Value
    ) async throws -> Value {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .connect(host: settings.host, port: settings.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPError("cannot connect to the SMTP relay \(settings.host):\(settings.port): \(error)")
        }
        return try await channel.executeThenClose { inbound, outbound in
            var conversation = SMTPConversation(
                settings: settings, channel: channel, inbound: inbound.makeAsyncIterator(), outbound: outbound)
            return try await body(&conversation)
        }
    }

    /// Reads one reply (all its lines) and checks its code.
    @discardableResult
    mutating func expect(_ codes: Set<Int>, after what: String) async throws -> Reply {
        var lines: [String] = []
        while true {
            let next: ByteBuffer?
            do {
                next = try await inbound.next()
            } catch {
                throw SMTPError("the connection to the SMTP relay \(settings.host) failed after \(what): \(error)")
            }
            guard let buffer = next else {
                throw SMTPError("the SMTP relay \(settings.host) closed the connection after \(what)")
            }
            let line = String(buffer: buffer)
            let digits = line.prefix(3)
            guard digits.count == 3, let code = Int(digits) else {
                throw SMTPError("the SMTP relay \(settings.host) answered \(what) with \"\(line)\", not a reply")
            }
            lines.append(String(line.dropFirst(4)))
            guard line.dropFirst(3).first == "-" else {
                let reply = Reply(code: code, lines: lines)
                guard codes.contains(code) else {
                    throw SMTPError("the SMTP relay \(settings.host) refused \(what): \(code) \(reply.text)")
                }
                return reply
            }
        }
    }

    /// Sends one command line and reads its reply.
    @discardableResult
    mutating func command(_ line: String, expecting codes: Set<Int>, shown: String? = nil) async throws -> Reply {
        try await outbound.write(ByteBuffer(string: line + "\r\n"))
        return try await expect(codes, after: shown ?? line)
    }

    /// Sends the message's text and its end mark.
    mutating func data(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text + ".\r\n"))
        try await expect([250], after: "the message")
    }

    /// Upgrades the connection to TLS, verifying the relay's certificate for its host name.
    func startTLS() async throws {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let file = settings.trustedCertificatesFile { configuration.trustRoots = .file(file) }
        let context = try NIOSSLContext(configuration: configuration)
        // An address literal is no name to send (SNI) or to verify: NIOSSL checks it against
        // the certificate's IP entries instead.
        let isAddress = (try? SocketAddress(ipAddress: settings.host, port: settings.port)) != nil
        let serverHostname = isAddress ? nil : settings.host
        let channel = self.channel.channel
        try await channel.eventLoop.submit {
            let handler = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
    }
}
