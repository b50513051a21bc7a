import Foundation
import Logging
import ShardedJobsZooKeeper

/// Runs a distribute-once listener's callbacks once per fire in the cluster.
///
/// Below `/{job}/guarantee/{fire}/{listener}/`: each instance creates `started/{item}` for its
/// items in one multi-op, syncs and counts `started/`. The instance whose count reaches the
/// items assigned for the fire creates `before` (the creation decides the single winner), runs
/// the before-callback and writes `done` into `before`; the others wait on a watch of `before`
/// until it holds data, or until the listener's timeout. After its items end, each instance
/// creates `completed/{item}` and counts; the instance completing the count creates `after`,
/// runs the after-callback and deletes the fire's nodes (and those of older fires left over
/// by fires whose count never completed). An instance whose marks or count find the fire's
/// nodes already gone was counted by the instance that cleaned them up, and is done.
struct DistributeOnceCoordinator: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let fire: Int64
    /// Items assigned for the fire in the whole cluster (not `shardingTotalCount`).
    let expected: Int
    /// Called after this instance counted the completed items, before it competes for
    /// `after`: the tests make another instance finish the fire there.
    var afterCounting: (@Sendable () async throws -> Void)? = nil
    /// Called after this instance created its `completed` marks, before it counts them: the
    /// tests make another instance finish the fire and clean it up there.
    var afterMarkingCompleted: (@Sendable () async throws -> Void)? = nil

    var guarantee: String { paths.root + "/guarantee" }

    func base(_ listener: any DistributeOnceJobListener) -> String {
        guarantee + "/\(fire)/" + listener.name
    }

    func before(_ listener: any DistributeOnceJobListener, contexts: ShardingContexts) async throws {
        let base = self.base(listener)
        let counted = try await mark(contexts.items, below: base + "/started")
        let deadline = ContinuousClock.now + listener.timeout
        if counted >= expected, try await createIfAbsent(base + "/before") {
            var callbackError: (any Error)?
            do { try await listener.beforeAllExecuted(contexts) } catch { callbackError = error }
            _ = try await client.setData(base + "/before", data: Array("done".utf8))
            if let callbackError { throw callbackError }
            return
        }
        while true {
            let (stat, watch) = try await client.watchExistence(base + "/before")
            if let stat, stat.dataLength > 0 { return }
            let remaining = deadline - ContinuousClock.now
            let event = remaining > .zero ? try await withDeadline(remaining) { try await watch.event() } : nil
            if event == nil {
                let now = (try? await client.getChildren(base + "/started").names.count) ?? counted
                throw DistributeOnceTimeout(listener: listener.name, fire: fire, counted: now, expected: expected)
            }
        }
    }

    func after(_ listener: any DistributeOnceJobListener, contexts: ShardingContexts) async throws {
        let base = self.base(listener)
        let counted: Int
        do {
            counted = try await mark(contexts.items, below: base + "/completed", then: afterMarkingCompleted)
        } catch let error as ZooKeeperError where error.code == .noNode {
            // Another instance counted this one's marks, ran the callback and removed the
            // fire's nodes while this one was still marking or counting: the fire is done.
            return
        }
        guard counted >= expected else { return }
        try await afterCounting?()
        guard try await createAfter(base) else { return }
        var callbackError: (any Error)?
        do { try await listener.afterAllExecuted(contexts) } catch { callbackError = error }
        await cleanUp(base)
        if let callbackError { throw callbackError }
    }

    /// Creates `{parent}/{item}` for each item (parents first) and returns the count of
    /// children after a sync.
    private func mark(
        _ items: [Int], below parent: String, then marked: (@Sendable () async throws -> Void)? = nil
    ) async throws -> Int {
        var path = ""
        for component in parent.split(separator: "/") {
            path += "/" + component
            _ = try await createIfAbsent(path)
        }
        do {
            _ = try await client.multi(items.map { .create(path: parent + "/\($0)") })
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            for item in items { _ = try await createIfAbsent(parent + "/\(item)") }
        }
        try await marked?()
        try await client.sync(parent)
        return try await client.getChildren(parent).names.count
    }

    /// Creates `after` while the fire's `completed` node still exists; false when it exists or
    /// the fire is cleaned up.
    ///
    /// Two instances can both count every item completed; the first to create `after` runs the
    /// callback and then deletes the fire's nodes, `completed` first. Conditioning the create
    /// on `completed` keeps the slower one from creating `after` again once it is deleted.
    private func createAfter(_ base: String) async throws -> Bool {
        do {
            _ = try await client.multi([.check(path: base + "/completed", version: -1), .create(path: base + "/after")])
            return true
        } catch let error as ZooKeeperError where [.nodeExists, .noNode].contains(error.code) {
            return false
        }
    }

    /// Creates a persistent node; false when it already exists.
    private func createIfAbsent(_ path: String) async throws -> Bool {
        do {
            _ = try await client.create(path)
            return true
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            return false
        }
    }

    /// Deletes this listener's nodes of this fire, the fire's node once no other listener uses
    /// it, and whatever older fires left behind.
    private func cleanUp(_ base: String) async {
        // `completed` goes before `after`: see `createAfter(_:)`.
        await deleteTree(base + "/completed")
        await deleteTree(base)
        try? await client.delete(guarantee + "/\(fire)")
        guard let fires = try? await client.getChildren(guarantee).names else { return }
        for name in fires where (Int64(name) ?? .max) < fire {
            await deleteTree(guarantee + "/" + name)
        }
    }

    private func deleteTree(_ path: String) async {
        if let children = try? await client.getChildren(path).names {
            for child in children { await deleteTree(path + "/" + child) }
        }
        try? await client.delete(path)
    }
}
