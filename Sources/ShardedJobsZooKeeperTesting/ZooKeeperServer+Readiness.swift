import Logging

/// How `start()` decides that a launched JVM is up, and that it is ours.
///
/// `ruok` alone is not enough: it answers `imok` before a standalone server has loaded its data
/// (and without a quorum), and after a port race the answer may come from another process's
/// server. So the harness also asks `envi`, whose `user.dir` must be this server's directory
/// (the JVM runs there), and, standalone, waits until `srvr` says the server serves.
extension ZooKeeperServer {
    /// Waits until the launched JVM answers `ruok` with `imok`, proves through `envi` that it
    /// is ours (its `user.dir` is our directory) and, standalone, serves requests.
    func awaitReady() async throws {
        guard case .running(let process) = state else {
            throw ZooKeeperTestingError(.notRunning, "ZooKeeper \(port) was not launched")
        }
        let began = ContinuousClock.now
        let deadline = began + configuration.startTimeout
        while true {
            if let termination = process.poll() {
                forget(process)
                let tail = logTail()
                if tail.contains("Address already in use") || !PortAllocator.isFree(port) {
                    throw ZooKeeperTestingError(.portInUse, "port \(port) is held by another process", logTail: tail)
                }
                throw ZooKeeperTestingError(
                    .processExited, "ZooKeeper \(port) \(termination) while starting", logTail: tail)
            }
            if ContinuousClock.now >= deadline {
                throw ZooKeeperTestingError(
                    .startTimedOut, "ZooKeeper \(port) did not start within \(configuration.startTimeout)",
                    logTail: logTail())
            }
            switch await probe(requireServing: isStandalone) {
            case .ready:
                markServed()
                logger.info("ZooKeeper ready", metadata: ["zk.startup": "\(ContinuousClock.now - began)"])
                return
            case .foreign:
                throw ZooKeeperTestingError(
                    .portInUse, "another ZooKeeper answers on port \(port)", logTail: logTail())
            case .notYet:
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    private enum Readiness {
        case ready, notYet, foreign
    }

    private nonisolated func probe(requireServing: Bool) async -> Readiness {
        guard (try? await fourLetterWord("ruok", timeout: .seconds(1))) == "imok" else { return .notYet }
        guard let environment = try? await fourLetterWord("envi", timeout: .seconds(1)) else { return .notYet }
        guard environment.contains("user.dir=\(directory)\n") else { return .foreign }
        guard requireServing else { return .ready }
        return await isServing() ? .ready : .notYet
    }
}
