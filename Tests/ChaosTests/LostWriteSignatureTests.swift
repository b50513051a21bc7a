import ChaosHarness
import ExecutionChecker
import Foundation
import Testing

/// The soak's reading of ZooKeeper's lost-write signature in the members' logs, and the
/// duplicates it sets apart (fast: values only).
@Suite("Lost-write signature: ZooKeeper's members' logs and the duplicates set apart")
struct LostWriteSignatureTests {
    /// 2026-12-05 00:00 UTC, epoch ms.
    static let day: Int64 = 1_796_428_800_000

    static func at(_ hours: Int64, _ minutes: Int64, _ seconds: Int64, _ millis: Int64 = 0) -> Int64 {
        day + ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis
    }

    static let epochLine =
        "15:32:40.100 [LearnerHandler-/198.18.5.4:40112] ERROR org.apache.zookeeper.server.quorum.Leader - "
        + "NEWLEADER ACK from sid: 3 is from a different epoch - current 0xf00000000 received 0xe000014d6"
    static let truncLine =
        "15:32:44.500 [QuorumPeer[myid=1](plain=198.18.5.2:2181)(secure=disabled)] INFO "
        + "org.apache.zookeeper.server.quorum.QuorumPeer - Peer state changed: following - synchronization - trunc"

    static func execution(_ tag: String, start: Int64, end: Int64, source: Execution.Source) -> Execution {
        Execution(tag: tag, item: 3, scheduledFire: at(15, 32, 32), start: start, end: end, job: "chaos", source: source)
    }

    @Test("a trunc line after a different-epoch line is a signature, placed on the run's day, with both lines")
    func findsSignature() {
        let logs = [
            (member: "node 2", text: "15:32:39.000 INFO something else\n" + Self.epochLine + "\n"),
            (member: "node 1", text: "not a timed line\n" + Self.truncLine + "\n15:32:45.000 INFO serving\n"),
        ]
        let signatures = LostWriteSignature.find(in: logs, since: Self.at(15, 0, 0))
        #expect(signatures.count == 1)
        #expect(signatures.first?.start == Self.at(15, 32, 40, 100))
        #expect(signatures.first?.end == Self.at(15, 32, 44, 500))
        #expect(signatures.first?.lines == ["node 2: " + Self.epochLine, "node 1: " + Self.truncLine])
    }

    @Test("a trunc line alone, or more than 30 s after the different-epoch line, or before it, is no signature")
    func noSignature() {
        let since = Self.at(15, 0, 0)
        #expect(LostWriteSignature.find(in: [(member: "node 1", text: Self.truncLine)], since: since).isEmpty)
        #expect(LostWriteSignature.find(in: [(member: "node 2", text: Self.epochLine)], since: since).isEmpty)
        let late = Self.truncLine.replacingOccurrences(of: "15:32:44.500", with: "15:33:10.200")
        #expect(LostWriteSignature.find(in: [(member: "node 1", text: Self.epochLine + "\n" + late)], since: since).isEmpty)
        let early = Self.truncLine.replacingOccurrences(of: "15:32:44.500", with: "15:32:40.000")
        #expect(LostWriteSignature.find(in: [(member: "node 1", text: Self.epochLine + "\n" + early)], since: since).isEmpty)
    }

    @Test("a run that crosses midnight places the lines after it on the next day")
    func crossesMidnight() {
        let epoch = Self.epochLine.replacingOccurrences(of: "15:32:40.100", with: "23:59:58.000")
        let trunc = Self.truncLine.replacingOccurrences(of: "15:32:44.500", with: "00:00:03.000")
        let signatures = LostWriteSignature.find(in: [(member: "node 1", text: epoch + "\n" + trunc)], since: Self.at(23, 30, 0))
        #expect(signatures.first?.start == Self.at(23, 59, 58))
        #expect(signatures.first?.end == Self.at(24, 0, 3))
    }

    @Test("only a duplicate re-run within 15 s after a signature, over a commit made before it, is set apart")
    func setsApart() {
        let signature = LostWriteSignature(start: Self.at(15, 32, 40), end: Self.at(15, 32, 44), lines: ["node 1: …"])
        let committed = Self.execution("w1", start: Self.at(15, 32, 32), end: Self.at(15, 32, 32, 300), source: .normalTrigger)
        func duplicate(rerunAt start: Int64, first: Execution = committed) -> CheckReport.Duplicate {
            let rerun = Self.execution("w2", start: start, end: start + 300, source: .failover)
            return CheckReport.Duplicate(job: "chaos", scheduledFire: Self.at(15, 32, 32), item: 3, first: first, second: rerun)
        }
        let within = duplicate(rerunAt: Self.at(15, 32, 58, 900))
        let tooLate = duplicate(rerunAt: Self.at(15, 32, 59, 100))
        let beforeSignature = duplicate(rerunAt: Self.at(15, 32, 39))
        let committedAfter = duplicate(
            rerunAt: Self.at(15, 32, 50),
            first: Self.execution("w1", start: Self.at(15, 32, 44), end: Self.at(15, 32, 45), source: .misfire))
        var report = CheckReport()
        report.duplicates = [within, tooLate, beforeSignature, committedAfter]

        let (kept, apart) = LostWriteSignature.setApart(report, signatures: [signature])
        #expect(apart.map(\.duplicate) == [within])
        #expect(apart.first?.signature == signature)
        #expect(kept.duplicates == [tooLate, beforeSignature, committedAfter])

        report.duplicates = [within]
        let (clean, _) = LostWriteSignature.setApart(report, signatures: [signature])
        #expect(clean.isClean)
        #expect(!LostWriteSignature.setApart(report, signatures: []).report.isClean)
    }
}
