import Foundation
import Testing
import ShardedJobs
import ShardedJobsOperations

extension OperationsTests {
    /// The values of backfills as the operations API and `shardctl` show them: instants in UTC
    /// and the status's JSON.
    @Suite("Backfills: instants and JSON")
    struct BackfillValueTests {
        @Test("instants read as the active window's settings are (Z or an offset, fractions) and print in UTC with Z")
        func instants() {
            #expect(UTCInstant.millis("2025-01-01T00:00:00Z") == 1_735_689_600_000)
            #expect(UTCInstant.millis("2025-01-01T01:00:00+01:00") == 1_735_689_600_000)
            #expect(UTCInstant.millis("2024-12-31T19:00:00-05:00") == 1_735_689_600_000)
            #expect(UTCInstant.millis("2025-01-01T00:00:00.250Z") == 1_735_689_600_250)
            for text in ["2025-01-01T00:00:00", "2025-01-01", "yesterday", "2025-13-01T00:00:00Z", ""] {
                #expect(UTCInstant.millis(text) == nil, "\(text)")
            }
            #expect(UTCInstant.text(millis: 1_735_689_600_000) == "2025-01-01T00:00:00Z")
            #expect(UTCInstant.text(millis: 1_735_689_600_999) == "2025-01-01T00:00:00Z")
            #expect(UTCInstant.text(millis: 1_796_605_200_000) == "2026-12-07T01:00:00Z")
            #expect(UTCInstant.text(millis: -1) == "1969-12-31T23:59:59Z")
            #expect(UTCInstant.text(millis: .max) == "\(Int64.max) ms" && UTCInstant.text(millis: .min) == "\(Int64.min) ms")
        }

        @Test("a status encodes its derived itemsDone and decodes back to itself")
        func statusJSON() throws {
            let record = BackfillRecord(id: "b1", fromMillis: 1000, toMillis: 61_000, state: .cancelled, createdMillis: 5)
            let status = BackfillStatus(
                id: "b1", state: .cancelled, record: record, fires: 2,
                items: [.init(item: 0, latestFire: 61_000, firesDone: 2, finished: true), .init(item: 1, latestFire: nil, firesDone: 0, finished: false)])
            let data = try JSONEncoder().encode(status)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object["itemsDone"] as? Int == 1 && object["state"] as? String == "cancelled", "\(object)")
            #expect((object["record"] as? [String: Any])?["state"] as? String == "cancelled", "\(object)")
            #expect(try JSONDecoder().decode(BackfillStatus.self, from: data) == status)
            let unreadable = BackfillStatus(id: "junk", state: .unreadable, record: nil, data: "x", fires: 0, items: [])
            #expect(try JSONDecoder().decode(BackfillStatus.self, from: JSONEncoder().encode(unreadable)) == unreadable)
        }
    }
}
