import Testing

@testable import ShardedJobs

/// `taskResult(of:within:)`, which the test clusters use to report a scheduler that does not
/// stop instead of waiting for it for ever.
@Suite("taskResult: waiting for a task with a limit")
struct TaskResultTests {
    @Test("a task that ends within the limit gives its value or its error")
    func ended() async throws {
        let value = Task<Int, any Error> { 42 }
        #expect(try await taskResult(of: value, within: .seconds(30))?.get() == 42)
        struct Failed: Error {}
        let failing = Task<Int, any Error> { throw Failed() }
        let outcome = await taskResult(of: failing, within: .seconds(30))
        #expect(throws: Failed.self) { try outcome?.get() }
        #expect(outcome != nil)
    }

    @Test("a task that has not ended gives nil at the limit and keeps running")
    func hangs() async throws {
        let release = AsyncStream.makeStream(of: Void.self)
        let stuck = Task<Int, Never> {
            for await _ in release.stream {}  // Ends only when the stream is finished.
            return 7
        }
        let started = ContinuousClock.now
        let outcome = await taskResult(of: stuck, within: .milliseconds(200))
        #expect(outcome == nil)
        #expect(ContinuousClock.now - started >= .milliseconds(200))
        release.continuation.finish()
        #expect(await stuck.value == 7, "the task was left running and ends on its own")
    }
}
