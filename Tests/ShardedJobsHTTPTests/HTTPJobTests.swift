import Foundation
import Testing
@testable import ShardedJobs
import ShardedJobsHTTP
import ShardedJobsTesting
import TestSupport

extension HTTPTests {
    /// `HTTPJob` against a real loopback server.
    @Suite("HTTP job")
    struct HTTPJobTests {
        @Test("POST sends method, body, content type and the ASCII-escaped context header; 2xx succeeds")
        func post() async throws {
            let server = try LoopbackHTTPServer()
            defer { server.stop() }
            let context = httpContext([
                "http.uri": server.baseURL + "/run?x=1", "http.method": "post", "http.data": "a=1&b=zwei",
                "http.content.type": "application/x-www-form-urlencoded",
            ])
            try await HTTPJob().execute(context)
            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.path == "/run?x=1")
            #expect(request.body == "a=1&b=zwei")
            #expect(request.headers["content-type"] == "application/x-www-form-urlencoded")
            let header = try #require(request.headers["shardingcontext"])
            #expect(header == #"{"jobName":"http","taskId":"http@-@0","shardingTotalCount":2,"jobParameter":"","shardingItem":0,"shardingParameter":"z\u00fcrich/1"}"#)
            #expect(header == context.json(asciiOnly: true))
        }

        @Test("GET sends no body")
        func get() async throws {
            let server = try LoopbackHTTPServer()
            defer { server.stop() }
            try await HTTPJob().execute(httpContext(["http.uri": server.baseURL + "/ping", "http.method": "GET", "http.data": "ignored"]))
            let request = try #require(server.requests.first)
            #expect(request.method == "GET")
            #expect(request.body.isEmpty)
        }

        @Test("4xx and 5xx fail the item with the status")
        func failingStatus() async throws {
            let server = try LoopbackHTTPServer(behaviours: ["/missing": .status(404), "/broken": .status(503)])
            defer { server.stop() }
            for (path, status) in [("/missing", 404), ("/broken", 503)] {
                do {
                    try await HTTPJob().execute(httpContext(["http.uri": server.baseURL + path, "http.method": "GET"]))
                    Issue.record("status \(status) did not fail")
                } catch let error as HTTPJobError {
                    #expect(error.status == status)
                }
            }
            try await HTTPJob().execute(httpContext(["http.uri": server.baseURL + "/fine", "http.method": "GET"]))
        }

        @Test("a server that never answers fails the item after the timeouts")
        func readTimeout() async throws {
            let server = try LoopbackHTTPServer(behaviours: ["/stall": .silent])
            defer { server.stop() }
            let context = httpContext([
                "http.uri": server.baseURL + "/stall", "http.method": "GET", "http.connect.timeout.milliseconds": "200",
                "http.read.timeout.milliseconds": "300",
            ])
            do {
                try await within(.seconds(20), "the timeout") { try await HTTPJob().execute(context) }
                Issue.record("a silent server did not fail the item")
            } catch let error as HTTPJobError {
                guard error.code == .timedOut, error.timeout == .milliseconds(500) else { throw error }
            }
            #expect(server.requests.first?.path == "/stall", "the request reached the server before timing out")
        }

        @Test("a timeout stops a request the server never answers: the connection closed at about the timeout, the item failed with cause timeout")
        func stoppedByTimeout() async throws {
            let server = try LoopbackHTTPServer(behaviours: ["/stall": .silent])
            defer { server.stop() }
            var configuration = try JobConfiguration(
                name: "http", schedule: .cron("0/10 * * * * ?"), shardingTotalCount: 1,
                props: ["http.uri": server.baseURL + "/stall", "http.method": "GET", "http.read.timeout.milliseconds": "60000"])
            configuration.sharded.timeout = .milliseconds(500)
            let started = ContinuousClock.now
            let report = try await JobTestRunner(HTTPJob(), configuration: configuration, errorHandler: IgnoreErrorHandler()).run()
            let elapsed = ContinuousClock.now - started
            let stop = try #require(report[0]?.error as? ExecutionStopped, "\(String(describing: report[0]))")
            #expect(stop.cause == .timeout && elapsed < .seconds(10), "\(stop), after \(elapsed)")
            #expect(server.requests.map(\.path) == ["/stall"])
            // The request was cancelled, not left to its 60 s read timeout.
            try await within(.seconds(10), "the stopped request's connection to close") {
                while server.abandoned.events.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            }
        }

        @Test("missing or malformed props fail with the key named")
        func settings() async throws {
            await #expect(throws: JobConfigurationError.self) { try await HTTPJob().execute(httpContext(["http.method": "GET"])) }
            await #expect(throws: JobConfigurationError.self) {
                try await HTTPJob().execute(httpContext(["http.uri": "ftp://x/y", "http.method": "GET"]))
            }
            await #expect(throws: JobConfigurationError.self) {
                try await HTTPJob().execute(httpContext(["http.uri": "http://127.0.0.1:1/", "http.method": "GET", "http.read.timeout.milliseconds": "soon"]))
            }
        }
    }
}
