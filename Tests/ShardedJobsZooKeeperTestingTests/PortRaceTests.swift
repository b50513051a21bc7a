import Foundation
import Testing
import TestSupport

@testable import ShardedJobsZooKeeperTesting

extension ZooKeeperTestingTests {
    /// A port taken between the harness choosing it and the JVM binding it.
    @Suite("Port races")
    struct PortRaceTests {
        @Test("a first start whose port was taken by a plain socket retries on a fresh port")
        func takenBySocket() async throws {
            let server = try ZooKeeperServer()
            let taken = server.port
            let squatter = try ListeningSocket(port: taken)
            defer { squatter.close() }

            try await server.start()
            #expect(server.port != taken)
            #expect(try await server.fourLetterWord("ruok") == "imok")
            #expect(server.logTail(lines: 400).contains("Address already in use"))
            await server.shutdown()
        }

        @Test("a first start whose port another ZooKeeper answers on is not fooled by its imok")
        func takenByAnotherServer() async throws {
            try await ZooKeeperServer.withServer { other throws in
                let server = try ZooKeeperServer()
                await server.assign(ports: ServerPorts(client: other.port))
                try await server.start()
                #expect(server.port != other.port)
                #expect(try await server.fourLetterWord("envi").contains("user.dir=\(server.directory)\n"))
                #expect(try await other.fourLetterWord("envi").contains("user.dir=\(other.directory)\n"))
                await server.shutdown()
            }
        }

        @Test("an ensemble whose member port was taken chooses all its ports again")
        func ensembleRetries() async throws {
            let ensemble = try ZooKeeperEnsemble()
            let taken = ensemble.servers[1].port
            let squatter = try ListeningSocket(port: taken)
            defer { squatter.close() }

            try await ensemble.start()
            #expect(!ensemble.servers.map(\.port).contains(taken))
            #expect(await ensemble.leaderIndex() != nil)
            #expect(try await ensemble.servers[1].fourLetterWord("ruok") == "imok")
            await ensemble.shutdown()
        }

        @Test("a restart never moves the port: a taken port fails with portInUse")
        func restartKeepsPortOrFails() async throws {
            try await ZooKeeperServer.withServer { server throws in
                let port = server.port
                try await server.stop()
                let squatter = try ListeningSocket(port: port)
                defer { squatter.close() }
                let error = await #expect(throws: ZooKeeperTestingError.self) { try await server.start() }
                #expect(error?.code == .portInUse)
                #expect(error?.logTail?.isEmpty == false)
                #expect(server.port == port)
                #expect(await !server.isRunning)
            }
        }

        @Test("the start gate lets one holder in at a time, in arrival order")
        func startGate() async throws {
            let gate = StartGate()
            let order = EventLog<String>()
            await gate.acquire()
            let second = Task {
                await gate.acquire()
                order.record("second")
                await gate.release()
            }
            // Polled: the gate (the harness under test) announces no waiter.
            try await poll("the second holder queued at the gate", within: .seconds(5), every: .milliseconds(1)) {
                await gate.waiterCount == 1
            }
            order.record("first")
            await gate.release()
            await second.value
            #expect(order.events == ["first", "second"])
        }
    }
}

/// A socket listening on 127.0.0.1:`port`, to hold a port the way another program would.
private struct ListeningSocket {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard fd >= 0, bound == 0, listen(fd, 8) == 0 else {
            Glibc.close(fd)
            throw TestFailure("cannot listen on port \(port): errno \(errno)")
        }
    }

    func close() {
        Glibc.close(fd)
    }
}
