import CShardedJobsZooKeeper

/// Starts one transport request with the matching `zoo_a*` call of the C client.
enum CRequestStarter {
    /// Calls the C client for `request` and returns its result code; on `ZOK` the completion
    /// (and, with a watch context, the watcher) will run later with the contexts given.
    static func start(
        _ request: ZooKeeperTransportRequest, on raw: OpaquePointer, context: UnsafeRawPointer,
        watchContext: UnsafeMutableRawPointer?, acl: UnsafeMutablePointer<ACL_vector>, buffers: MultiBuffers?
    ) -> Int32 {
        switch request {
        case .create(let path, let data, let mode):
            return withCData(data) { bytes, length in
                zoo_acreate2(raw, path, bytes, length, acl, mode.rawValue, createCompletion, context)
            }
        case .delete(let path, let version):
            return zoo_adelete(raw, path, version, voidCompletion, context)
        case .exists(let path, _):
            if let watchContext {
                return zoo_awexists(raw, path, watchCallback, watchContext, existsCompletion, context)
            }
            return zoo_aexists(raw, path, 0, existsCompletion, context)
        case .getData(let path, _):
            if let watchContext {
                return zoo_awget(raw, path, watchCallback, watchContext, dataCompletion, context)
            }
            return zoo_aget(raw, path, 0, dataCompletion, context)
        case .setData(let path, let data, let version):
            return withCData(data) { bytes, length in
                zoo_aset(raw, path, bytes, length, version, statCompletion, context)
            }
        case .getChildren(let path, _):
            if let watchContext {
                return zoo_awget_children2(raw, path, watchCallback, watchContext, childrenCompletion, context)
            }
            return zoo_aget_children2(raw, path, 0, childrenCompletion, context)
        case .multi(let operations):
            guard let buffers, !operations.isEmpty else { return ZBADARGUMENTS.rawValue }
            return zoo_amulti(raw, Int32(operations.count), buffers.ops, buffers.slots, multiCompletion, context)
        case .sync(let path):
            return zoo_async(raw, path, syncCompletion, context)
        }
    }
}

/// Calls `body` with a C pointer to the bytes (never null, even when empty) and their count.
func withCData<Result>(_ data: [UInt8], _ body: (UnsafePointer<CChar>, Int32) -> Result) -> Result {
    data.withUnsafeBytes { raw in
        if let base = raw.baseAddress, !data.isEmpty {
            return body(base.assumingMemoryBound(to: CChar.self), Int32(data.count))
        }
        return "".withCString { body($0, 0) }
    }
}
