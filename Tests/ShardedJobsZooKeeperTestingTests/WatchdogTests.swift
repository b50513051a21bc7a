import Foundation
import Testing
import TestSupport

@testable import ShardedJobsZooKeeperTesting

extension ZooKeeperTestingTests {
    /// The no-orphan guarantee: a server JVM dies with the process that owns it.
    @Suite("Watchdog")
    struct WatchdogTests {
        @Test("when the owner is SIGKILLed, the watchdog kills the JVM and removes its directory")
        func ownerKilled() async throws {
            let owner = try ChildProcess.spawn(
                executable: "/bin/sleep", arguments: ["120"], environment: [:], outputPath: "/dev/null")
            let root = try TemporaryDirectory.create(kind: "watchdog")
            defer { TemporaryDirectory.remove(root) }
            let spec = ServerLaunchSpec(
                configuration: .init(), role: .standalone, directory: root + "/server",
                cleanupDirectory: root, ports: ServerPorts(client: try PortAllocator.reserve(count: 1)[0]))
            try FileManager.default.createDirectory(atPath: spec.directory, withIntermediateDirectories: true)
            let java = try Watchdog.launch(spec, owner: owner.pid)
            // Polled here and below: a port, /proc and processes that are not this one's children
            // announce nothing.
            let answered = (try? await poll("the JVM to answer ruok", within: .seconds(30)) {
                (try? await FourLetterWordClient.exchange("ruok", host: "127.0.0.1", port: spec.ports.client, timeout: .seconds(1))) == "imok"
            }) != nil
            #expect(answered, "the JVM did not come up: \(spec.logTail())")
            let commandLine = try String(contentsOfFile: "/proc/\(java.pid)/cmdline", encoding: .utf8)
            #expect(commandLine.contains("-Dsharded.jobs.testing=1"))
            #expect(commandLine.contains("-Dsharded.jobs.testing.owner=\(owner.pid)"))

            let parent = try DirectoryWatch((root as NSString).deletingLastPathComponent)
            owner.send(SIGKILL)
            #expect(await owner.waitForExit(timeout: .seconds(5)) == .signalled(SIGKILL))
            let termination = await java.waitForExit(timeout: .seconds(5))
            #expect(termination == .signalled(SIGKILL))
            let removed = (try? await parent.changes.wait("\(root) removed", within: .seconds(5)) {
                FileManager.default.fileExists(atPath: root) ? nil : true
            }) != nil
            #expect(removed)
            java.send(SIGKILL)
            _ = await java.waitForExit(timeout: .seconds(5))
        }

        @Test("while the owner lives, the watchdog leaves with the JVM and kills nothing")
        func watchdogLeavesWithTheJVM() async throws {
            try await ZooKeeperServer.withServer { server throws in
                let pid = try #require(await server.processID)
                // Polled: /proc and a process that is not this one's child announce nothing.
                let watchdogs = (try? await poll("one watchdog beside the JVM", within: .seconds(2)) { Self.children(of: pid).count == 1 }) != nil
                #expect(watchdogs, "one watchdog subshell runs beside the JVM")
                let watchdog = try #require(Self.children(of: pid).first)
                try await server.kill()
                let gone = (try? await poll("the watchdog to exit", within: .seconds(3)) { kill(watchdog, 0) != 0 }) != nil
                #expect(gone, "the watchdog exits once the JVM is gone")
                #expect(FileManager.default.fileExists(atPath: server.directory))
            }
        }

        /// The pids whose parent is `pid`, read from /proc.
        static func children(of pid: Int32) -> [Int32] {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return entries.compactMap { Int32($0) }.filter { candidate in
                guard let stat = try? String(contentsOfFile: "/proc/\(candidate)/stat", encoding: .utf8),
                    let close = stat.lastIndex(of: ")")
                else { return false }
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                return fields.count > 1 && Int32(fields[1]) == pid
            }
        }
    }
}
