import Foundation
@_spi(Simulation) @testable import ShardedJobsZooKeeper
@_spi(Simulation) import TestSupport

extension DifferentialScripts {
    /// Watches: each kind fires once with its kind; a watch event arrives before the reply to a
    /// later read that shows the change.
    static let watches: Script = { target in
        try await withRunning([target.client("a"), target.client("b")]) { clients in
            let (a, b) = (clients[0], clients[1])
            var trace: [String] = []
            try await a.create("/w", data: "1".bytes)
            try await a.create("/p")
            let (_, data) = try await a.watchData("/w")
            let (_, children) = try await a.watchChildren("/p")
            let (missing, creation) = try await a.watchExistence("/later")
            let (present, change) = try await a.watchExistence("/w")
            trace.append("exists: \(missing == nil) \(present != nil)")
            try await b.setData("/w", data: "2".bytes)
            let read = try await a.getData("/w")
            trace.append("read \(read.string): data watch \(data.firedEvent?.description ?? "not yet"), existence watch \(change.firedEvent?.description ?? "not yet")")
            try await b.create("/p/c")
            let listed = try await a.getChildren("/p")
            trace.append("children \(listed.names): \(children.firedEvent?.description ?? "not yet")")
            try await b.create("/later")
            _ = try await a.exists("/later")
            trace.append("created: \(creation.firedEvent?.description ?? "not yet")")
            let (_, deletion) = try await a.watchData("/w")
            try await b.delete("/w")
            _ = try await a.exists("/w")
            trace.append("deleted: \(deletion.firedEvent?.description ?? "not yet"); outstanding \(a.outstandingWatchCount)")
            return trace
        }
    }

    /// Watches survive a reconnect: changes made while the client was disconnected fire once
    /// it is back (the client re-sends its watches with the last zxid it saw).
    static let watchesAcrossReconnect: Script = { target in
        try await withRunning([target.client("a", sessionTimeout: .seconds(8)), target.client("b")]) { clients in
            let (a, b) = (clients[0], clients[1])
            let sessions = SessionEventLog(a)
            var trace: [String] = []
            try await b.create("/w", data: "1".bytes)
            try await b.create("/p")
            try await b.create("/gone")
            let (_, data) = try await a.watchData("/w")
            let (_, children) = try await a.watchChildren("/p")
            let (_, creation) = try await a.watchExistence("/later")
            let (_, deletion) = try await a.watchData("/gone")
            let (_, untouched) = try await a.watchData("/p")
            let session = a.session
            await target.refuse("a", member: nil)
            _ = try await sessions.wait(for: "suspended", within: .seconds(5)) { $0 == .suspended }
            try await b.setData("/w", data: "2".bytes)
            try await b.create("/p/c")
            try await b.create("/later")
            try await b.delete("/gone")
            trace.append("while away: \([data, children, creation, deletion].map { $0.firedEvent?.description ?? "-" })")
            await target.accept("a", member: nil)
            _ = try await sessions.wait(for: "reconnected", within: .seconds(5)) { $0 == .reconnected }
            trace.append("same session \(a.session == session)")
            for watch in [data, children, creation, deletion] {
                trace.append("fired \(try await within(.seconds(5), "the missed change") { try await watch.event() })")
            }
            trace.append("untouched \(untouched.firedEvent?.description ?? "armed"), outstanding \(a.outstandingWatchCount)")
            try await b.setData("/p", data: "x".bytes)
            trace.append("then \(try await within(.seconds(5), "the armed watch") { try await untouched.event() })")
            return trace
        }
    }

    /// Requests in flight when the connection breaks fail with `connectionLoss`, whether the
    /// server applied them (a lost reply) or never saw them (cut before they arrived).
    static let inFlightConnectionLoss: Script = { target in
        try await withRunning([target.client("a", sessionTimeout: .seconds(8)), target.client("observer")]) { clients in
            let (a, observer) = (clients[0], clients[1])
            let sessions = SessionEventLog(a)
            var trace: [String] = []
            await target.loseNextReply("a", opcodes: [1, 15], pathContaining: "applied")
            do {
                try await a.create("/applied")
                trace.append("lost reply: ok")
            } catch let error as ZooKeeperError {
                trace.append("lost reply: \(error.code)")
            }
            trace.append("applied exists \(try await observer.exists("/applied") != nil)")
            _ = try await sessions.wait(for: "reconnected", within: .seconds(5)) { $0 == .reconnected }
            let mark = sessions.count
            await target.cut("a")
            let pending = Task { try await a.create("/unapplied") }
            try await target.waitForCutRequest("a", pathContaining: "unapplied")
            // Healed before the drop: the reconnection must not meet the cut (an attempt that
            // does waits out a connect timeout of 2/3 of the session, as long as the lease).
            await target.heal("a")
            await target.dropConnections("a")
            do {
                _ = try await pending.value
                trace.append("cut request: ok")
            } catch let error as ZooKeeperError {
                trace.append("cut request: \(error.code)")
            }
            trace.append("unapplied exists \(try await observer.exists("/unapplied") != nil)")
            _ = try await sessions.wait(for: "reconnected again", after: mark, within: .seconds(10)) { $0 == .reconnected }
            trace.append("sessions \(sessions.events.map(\.description).filter { !$0.hasPrefix("connected") })")
            return trace
        }
    }

    /// Expiry by the leader's clock: a client cut off from the servers loses its session on
    /// the server one session timeout after the server last heard from it (rounded up to a
    /// tick), while the client itself hears nothing and gives up at its lease deadline first.
    static let expiry: Script = { target in
        try await withRunning([target.client("a", sessionTimeout: .seconds(4)), target.client("observer")]) { clients in
            let (a, observer) = (clients[0], clients[1])
            let sessions = SessionEventLog(a)
            var trace: [String] = []
            try await a.create("/eph", mode: .ephemeral)
            let (_, gone) = try await observer.watchExistence("/eph")
            _ = try await a.exists("/")
            let original = a.session
            let cutAt = ContinuousClock.now
            await target.cut("a")
            let lost = try await sessions.wait(for: "the client's own loss", within: .seconds(10)) { $0.isLost }
            let deleted = try await within(.seconds(10), "the server's expiry") { try await gone.event() }
            let deletedAt = ContinuousClock.now
            let expiredAfter = deletedAt - cutAt
            trace.append("client: \(lost.event), before the server expired it: \(lost.at < deletedAt)")
            trace.append("server: \(deleted.kind) after ≥ 4 s: \(expiredAfter >= .seconds(4)), < 5 s: \(expiredAfter < .seconds(5))")
            await target.heal("a")
            _ = try await sessions.wait(for: "a new session", within: .seconds(15)) { event in
                if case .connected(let session) = event { session != original } else { false }
            }
            trace.append("then a new session")
            return trace
        }
    }
}

extension DifferentialScripts {
    /// A slow link: a slowed client's write lands only after the delay (another client reads
    /// the old value meanwhile), a request sent after the delay ended never overtakes one still
    /// travelling, and the session lives through it.
    static let slowLink: Script = { target in
        try await withRunning([target.client("a"), target.client("b")]) { clients in
            let (a, b) = (clients[0], clients[1])
            let sessions = SessionEventLog(a)
            let answered = EventLog<String>()
            var trace: [String] = []
            try await a.create("/s", data: "0".bytes)
            await target.slow("a", by: .milliseconds(400))
            _ = try await a.exists("/s")  // a round trip after it: the delay is in effect from here on
            async let first: Void = {
                _ = try await a.setData("/s", data: "1".bytes)
                answered.record("first")
            }()
            trace.append("read before it lands: \(try await b.getData("/s").string)")
            await target.slow("a", by: .zero)
            _ = try await a.setData("/s", data: "2".bytes)
            answered.record("second")
            try await first
            trace.append("answered: \(answered.events); value \(try await b.getData("/s").string)")
            trace.append("session events: \(sessions.events.dropFirst().map { "\($0)" })")
            return trace
        }
    }
}
