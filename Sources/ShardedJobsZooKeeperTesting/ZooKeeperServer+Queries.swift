import Logging

extension ZooKeeperServer {
    /// Sends a four-letter word (`ruok`, `srvr`, `mntr`, `stat`, `envi`, `cons`, ...) to the
    /// server's client port and returns the whole answer.
    ///
    /// Every word is allowed (`4lw.commands.whitelist=*`). Throws `fourLetterWordFailed` when
    /// the server does not accept the connection or does not answer within `timeout`. Never
    /// holds a thread while it waits.
    public nonisolated func fourLetterWord(_ word: String, timeout: Duration = .seconds(5)) async throws -> String {
        try await FourLetterWordClient.exchange(word, host: host, port: port, timeout: timeout)
    }

    /// The server's `srvr` answer, parsed; nil while the server is not serving requests
    /// (still loading its data, or an ensemble member without a quorum).
    ///
    /// Throws `fourLetterWordFailed` when the server cannot be reached.
    public nonisolated func status(timeout: Duration = .seconds(5)) async throws -> ServerStatus? {
        ServerStatus(srvr: try await fourLetterWord("srvr", timeout: timeout))
    }

    /// The server's `mntr` answer, parsed; nil while the server is not serving requests.
    ///
    /// Throws `fourLetterWordFailed` when the server cannot be reached.
    public nonisolated func metrics(timeout: Duration = .seconds(5)) async throws -> ServerMetrics? {
        ServerMetrics(mntr: try await fourLetterWord("mntr", timeout: timeout))
    }

    /// Whether the server answers `srvr` as serving; false when it cannot be reached.
    public nonisolated func isServing() async -> Bool {
        (try? await status(timeout: .seconds(2))).flatMap { $0 } != nil
    }

    /// Ends a session on this server, as its expiry would; see `SessionExpirer`.
    ///
    /// - Parameters:
    ///   - sessionID: the session's 64-bit id.
    ///   - password: the session's 16-byte password.
    ///   - timeout: how long the whole expiry may take.
    /// - Returns: `.expired`, or `.alreadyExpired` if the server no longer knew the session.
    @discardableResult
    public nonisolated func expireSession(
        sessionID: Int64, password: [UInt8], timeout: Duration = .seconds(10)
    ) async throws -> SessionExpirer.Outcome {
        try await SessionExpirer.expire(
            sessionID: sessionID, password: password, connectString: connectString, timeout: timeout)
    }

    /// Runs `body` with a started standalone server and shuts the server down afterwards,
    /// whether `body` returns or throws.
    ///
    /// - Parameters:
    ///   - configuration: timing, session and JVM settings.
    ///   - placement: the address it listens on and the network namespace it runs in.
    ///   - logger: receives start, stop and retry events; silent by default.
    ///   - body: the work to do with the running server.
    /// - Returns: what `body` returns.
    public static func withServer<Result>(
        configuration: ZooKeeperServerConfiguration = .init(),
        placement: ServerPlacement = .loopback,
        logger: Logger = Logger(label: "ZooKeeperTesting", factory: { _ in SwiftLogNoOpLogHandler() }),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (ZooKeeperServer) async throws -> Result
    ) async throws -> Result {
        let server = try await ZooKeeperServer.start(configuration: configuration, placement: placement, logger: logger)
        do {
            let result = try await body(server)
            await server.shutdown()
            return result
        } catch {
            await server.shutdown()
            throw error
        }
    }
}
