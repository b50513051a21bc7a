/// What a reply means for the caller: a value, or an error with, for a multi, the failing
/// operation's index and path.
enum ReplyOutcome<Value> {
    case success(Value)
    case failure(ZooKeeperError.Code, failedIndex: Int? = nil, path: String? = nil)
}

/// Turns a transport reply into a caller's value or error.
typealias ReplyDecoder<Value> = @Sendable (ZooKeeperTransportReply) -> ReplyOutcome<Value>

/// The decoder of each reply shape.
enum ReplyDecoding {
    /// Nothing but success (delete, sync).
    static let void: ReplyDecoder<Void> = { reply in
        reply.code == .ok ? .success(()) : .failure(reply.code)
    }

    /// A stat (setData).
    static let stat: ReplyDecoder<NodeStat> = { reply in
        guard reply.code == .ok else { return .failure(reply.code) }
        guard case .stat(let stat) = reply.payload else { return .failure(.marshallingError) }
        return .success(stat)
    }

    /// An optional stat (exists): `NONODE` is an answer, nil.
    static let existence: ReplyDecoder<NodeStat?> = { reply in
        if reply.code == .noNode { return .success(nil) }
        guard reply.code == .ok else { return .failure(reply.code) }
        guard case .stat(let stat) = reply.payload else { return .failure(.marshallingError) }
        return .success(stat)
    }

    /// Data and stat (getData).
    static let data: ReplyDecoder<NodeData> = { reply in
        guard reply.code == .ok else { return .failure(reply.code) }
        guard case .data(let data) = reply.payload else { return .failure(.marshallingError) }
        return .success(data)
    }

    /// Children and stat (getChildren).
    static let children: ReplyDecoder<NodeChildren> = { reply in
        guard reply.code == .ok else { return .failure(reply.code) }
        guard case .children(let children) = reply.payload else { return .failure(.marshallingError) }
        return .success(children)
    }

    /// The created node (create).
    static let created: ReplyDecoder<CreatedNode> = { reply in
        guard reply.code == .ok else { return .failure(reply.code) }
        guard case .created(let node) = reply.payload else { return .failure(.marshallingError) }
        return .success(node)
    }

    /// A multi's results; on failure, the index and path of the operation that made it fail —
    /// the first whose code is neither `ok` nor `runtimeInconsistency` (not executed).
    static func multi(_ operations: [ZooKeeperOperation]) -> ReplyDecoder<[ZooKeeperOperationResult]> {
        { reply in
            let results: [ZooKeeperTransportReply.MultiResult]
            if case .multi(let perOperation) = reply.payload { results = perOperation } else { results = [] }
            guard reply.code == .ok else {
                let codes = results.map(\.code)
                let index = codes.firstIndex { $0 != .ok && $0 != .runtimeInconsistency } ?? codes.firstIndex { $0 != .ok }
                let path = index.flatMap { $0 < operations.count ? operations[$0].path : nil }
                return .failure(reply.code, failedIndex: index, path: path)
            }
            let values = results.compactMap(\.result)
            guard values.count == operations.count else { return .failure(.marshallingError) }
            return .success(values)
        }
    }
}
