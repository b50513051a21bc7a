import CShardedJobsZooKeeper
import Logging

extension ZooKeeperClient {
    /// Creates the client's namespace (its chroot) through a plain handle, which can reach
    /// paths outside the chroot, then closes that handle.
    ///
    /// A chrooted handle cannot create its own root, so when the first request of a new
    /// session finds the root missing, the client opens this short-lived session for it.
    func createNamespace(_ chroot: String) async throws {
        let handle = try await SessionHandle.open(
            generation: 1, hosts: configuration.connectString, sessionTimeout: configuration.sessionTimeout,
            lease: SessionLease(), digest: configuration.digestCredentials)
        do {
            try await waitUntilConnected(handle)
            for path in ZooKeeperPath.ancestors(of: chroot) + [chroot] {
                do {
                    let _: CreatedNode = try await perform("create", path: path, on: handle) { raw, context, _ in
                        zoo_acreate2(raw, path, "", 0, acl(), CreateMode.persistent.rawValue, createCompletion, context)
                    }
                    logger.info("created ZooKeeper namespace node \(path)")
                } catch let error as ZooKeeperError where error.code == .nodeExists {
                    continue
                }
            }
        } catch {
            await handle.close()
            throw error
        }
        await handle.close()
    }

    private func waitUntilConnected(_ handle: SessionHandle) async throws {
        let timeout = configuration.connectionTimeout
        let connected = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await event in handle.events {
                    if case .connected = event { return true }
                }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        guard connected else {
            throw ZooKeeperError(
                code: .notConnected, operation: "createNamespace",
                detail: "no session with \(configuration.connectString) within \(timeout)")
        }
    }
}
