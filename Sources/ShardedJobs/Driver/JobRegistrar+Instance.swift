import ShardedJobsZooKeeper

extension JobRegistrar {
    /// Creates our ephemeral instance node. A node of one of our earlier sessions is replaced;
    /// one of a foreign live session (a restarted container with the same IP and pid) is
    /// waited for up to one session timeout, then start-up is refused.
    func registerInstance(sessionID: Int64) async throws {
        let path = paths.instance(instance.description)
        let labels = reader.settings.labels
        let node = InstanceNodeData(
            jobInstanceID: instance, serverIP: instance.ip, labels: labels.isEmpty ? nil : labels.sorted().joined(separator: ","))
        let data = Array(node.yaml.utf8)
        let timeout = client.session.map { $0.negotiatedTimeout } ?? .seconds(15)
        let deadline = clock.nowMillis() + (timeout + .seconds(1)).milliseconds
        while true {
            do {
                try await client.create(path, data: data, mode: .ephemeral)
                return
            } catch let error as ZooKeeperError where error.code == .nodeExists {
                let (stat, watch) = try await client.watchExistence(path)
                guard let stat else { continue }
                if stat.ephemeralOwner == sessionID { return }
                if client.earlierSessionIDs.contains(stat.ephemeralOwner) {
                    logger.info("replacing our instance node of an earlier session")
                    do {
                        try await client.delete(path, version: stat.version)
                    } catch let error as ZooKeeperError where [.noNode, .badVersion].contains(error.code) {
                        // Gone or replaced meanwhile: the next create decides.
                    }
                    continue
                }
                let remaining = deadline - clock.nowMillis()
                guard remaining > 0 else {
                    throw JobStartError(
                        "instance \(instance) is registered by another live session (0x\(String(UInt64(bitPattern: stat.ephemeralOwner), radix: 16))); is another process using the same IP and pid?"
                    )
                }
                logger.warning("instance node held by a foreign session; waiting up to \(remaining) ms")
                _ = try await withDeadline(.milliseconds(remaining), clock: clock) { try await watch.event() }
            }
        }
    }
}

extension Duration {
    /// The duration in whole milliseconds (rounded down).
    var milliseconds: Int64 {
        let components = self.components
        return components.seconds &* 1000 &+ components.attoseconds / 1_000_000_000_000_000
    }
}
