#if Console && SQLiteTracing && PostgresTracing
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import ShardedJobsConsole
import ShardedJobsOperations
import TestSupport
import Testing

extension ConsoleTests {
    /// The job page's live updates: fragments pushed when the cluster changes.
    @Suite("Live updates")
    struct LiveTests {
        @Test("each fragment first, then only the fragments a change touched: a disabled server, a new instance")
        func fragments() async throws {
            try await ConsoleCluster.with(Self.runFragments)
        }

        @Sendable static func runFragments(_ cluster: ConsoleCluster) async throws {
            try await cluster.startOrders()
            let console = try await cluster.console(credentials: nil)
            let events = console.liveEvents(job: "orders", csrf: "", canAct: false, lifetime: .seconds(60))
            let received = try await within(.seconds(30), "the live changes") {
                var iterator = events.makeAsyncIterator()
                var seen: [LiveEvent] = []
                while seen.count < 4, let event = await iterator.next() { seen.append(event) }
                #expect(seen.map(\.name) == ["status", "sharding", "instances", "servers"])
                #expect(seen[3].html.contains(#"<tr data-server="127.0.0.1">"#) && seen[3].html.contains(">ENABLED</span>"))

                try await cluster.operations.disable(job: "orders", server: "127.0.0.1")
                var afterDisable: [LiveEvent] = []
                while !afterDisable.contains(where: { $0.name == "servers" && $0.html.contains(">DISABLED</span>") }), let event = await iterator.next() {
                    afterDisable.append(event)
                }
                try await cluster.start(member: 2, job: "orders", items: 2)
                var afterStart: [LiveEvent] = []
                while !afterStart.contains(where: { $0.name == "instances" && $0.html.contains(#"<tr data-instance="127.0.0.2@-@"#) }),
                    let event = await iterator.next()
                {
                    afterStart.append(event)
                }
                return (seen + afterDisable, afterStart)
            }
            #expect(received.0.last?.name == "servers")
            #expect(!received.0.contains { $0.html.contains("127.0.0.2") })
            #expect(received.1.contains { $0.name == "instances" })
            // Only changes are sent: no event repeats the previous HTML of its fragment.
            var last: [String: String] = [:]
            for event in received.0 + received.1 {
                #expect(last[event.name] != event.html, "\(event.name) sent unchanged")
                last[event.name] = event.html
            }
        }

        @Test("GET /jobs/{job}/live is an event stream of the fragments that ends after its lifetime")
        func route() async throws {
            try await ConsoleCluster.with(Self.runRoute)
        }

        @Sendable static func runRoute(_ cluster: ConsoleCluster) async throws {
            try await cluster.startOrders()
            try await cluster.withRouter(credentials: nil, settings: .init(liveStreamLifetime: .seconds(1))) { client in
                let response = try await within(.seconds(20), "the stream to end") {
                    try await Browsing(client: client).get("/jobs/orders/live")
                }
                #expect(response.status == .ok && response.headers[.contentType] == "text/event-stream")
                #expect(response.body.hasPrefix("retry: 2000\n\n"))
                for name in ["status", "sharding", "instances", "servers"] { #expect(response.body.contains("event: \(name)\ndata: ")) }
                #expect(response.body.contains(#"data: <tr data-item="1">"#))
                #expect(response.body.hasSuffix("\n\n"))
            }
        }

        @Test("an event's HTML is split into data lines, blank lines included")
        func encoding() {
            let event = LiveEvent(name: "servers", html: "<table>\n\n</table>")
            #expect(event.encoded == "event: servers\ndata: <table>\ndata: \ndata: </table>\n\n")
        }
    }
}
#endif
