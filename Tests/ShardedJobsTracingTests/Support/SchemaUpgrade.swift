import Foundation
import ShardedJobs
import ShardedJobsTracing
import Testing

/// The schema upgrade every store must pass: a `JOB_EXECUTION_LOG` of the first version
/// (ElasticJob's columns plus `fire_time` and `instance_id`) gains `attempt`, `run_kind` and
/// `run_id` at `prepare()`; its old rows read as attempt 1 of a `NORMAL` run, new rows keep
/// what they were written with, and a second `prepare()` changes nothing.
enum SchemaUpgrade {
    /// The first version's table, with one row.
    static let firstVersion = [
        """
        CREATE TABLE JOB_EXECUTION_LOG (id VARCHAR(40) NOT NULL, job_name VARCHAR(100) NOT NULL, \
        task_id VARCHAR(255) NOT NULL, hostname VARCHAR(255) NOT NULL, ip VARCHAR(50) NOT NULL, \
        sharding_item INT NOT NULL, execution_source VARCHAR(20) NOT NULL, failure_cause VARCHAR(4000) NULL, \
        is_success BOOLEAN NOT NULL, start_time TIMESTAMP NULL, complete_time TIMESTAMP NULL, \
        fire_time TIMESTAMP NULL, instance_id VARCHAR(255) NULL, PRIMARY KEY (id))
        """,
        """
        INSERT INTO JOB_EXECUTION_LOG (id, job_name, task_id, hostname, ip, sharding_item, execution_source, is_success, \
        start_time, complete_time, fire_time, instance_id) VALUES ('old', 'upgraded', 't-old', 'h', '10.0.0.1', 0, \
        'NORMAL_TRIGGER', TRUE, '2026-01-01 00:00:01.000', '2026-01-01 00:00:02.000', '2026-01-01 00:00:00.000', \
        '10.0.0.1@-@1')
        """,
    ]

    /// Checks a store whose database holds ``firstVersion``.
    static func check(_ store: any TraceStore) async throws {
        try await store.prepare()
        try await store.prepare()
        let start = Date(timeIntervalSince1970: 1_767_225_700)
        var retried = JobExecutionEvent(
            id: UUID().uuidString, jobName: "upgraded", taskID: "t-new", hostname: "h", ip: "10.0.0.2",
            instanceID: "10.0.0.2@-@2", item: 1, source: .failover, fireTime: start, startTime: start)
        retried.attempt = 3
        retried.runKind = "FAILOVER"
        retried.runID = "r7"
        try await store.write([.execution(retried), .execution(retried.completed(at: start.addingTimeInterval(1), failure: nil))])
        let rows = try await store.executions(ExecutionLogQuery(jobName: "upgraded"))
        let old = try #require(rows.first { $0.id == "old" })
        #expect(old.attempt == 1 && old.runKind == "NORMAL" && old.runID == nil && old.isSuccess)
        let new = try #require(rows.first { $0.id == retried.id })
        #expect(new.attempt == 3 && new.runKind == "FAILOVER" && new.runID == "r7" && new.isSuccess)
    }
}
