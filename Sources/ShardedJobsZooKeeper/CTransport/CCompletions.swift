import CShardedJobsZooKeeper

// The C completions, one per reply shape. Each is a nonisolated global function without
// captures (so it converts to a C function pointer), runs on the completion thread, copies
// every pointer argument before returning, and hands the reply to the handle.

func voidCompletion(_ rc: Int32, _ context: UnsafeRawPointer?) {
    CRequestContext.complete(context, rc) { _ in .none }
}

func statCompletion(_ rc: Int32, _ stat: UnsafePointer<Stat>?, _ context: UnsafeRawPointer?) {
    CRequestContext.complete(context, rc) { _ in rc == ZOK.rawValue ? .stat(NodeStat(stat)) : .none }
}

/// Existence: the reply's code says whether the node exists (`ZNONODE` is an answer).
func existsCompletion(_ rc: Int32, _ stat: UnsafePointer<Stat>?, _ context: UnsafeRawPointer?) {
    CRequestContext.complete(context, rc) { _ in rc == ZOK.rawValue ? .stat(NodeStat(stat)) : .none }
}

func dataCompletion(
    _ rc: Int32, _ value: UnsafePointer<CChar>?, _ length: Int32, _ stat: UnsafePointer<Stat>?,
    _ context: UnsafeRawPointer?
) {
    CRequestContext.complete(context, rc) { _ in
        rc == ZOK.rawValue ? .data(NodeData(bytes: copyBytes(value, length), stat: NodeStat(stat))) : .none
    }
}

func childrenCompletion(
    _ rc: Int32, _ strings: UnsafePointer<String_vector>?, _ stat: UnsafePointer<Stat>?,
    _ context: UnsafeRawPointer?
) {
    CRequestContext.complete(context, rc) { _ in
        guard rc == ZOK.rawValue else { return .none }
        var names: [String] = []
        if let vector = strings?.pointee, let data = vector.data {
            names.reserveCapacity(Int(vector.count))
            for index in 0..<Int(vector.count) {
                if let name = data[index] { names.append(String(cString: name)) }
            }
        }
        return .children(NodeChildren(names: names, stat: NodeStat(stat)))
    }
}

func createCompletion(
    _ rc: Int32, _ path: UnsafePointer<CChar>?, _ stat: UnsafePointer<Stat>?, _ context: UnsafeRawPointer?
) {
    CRequestContext.complete(context, rc) { _ in
        rc == ZOK.rawValue
            ? .created(CreatedNode(path: path.map { String(cString: $0) } ?? "", stat: NodeStat(stat))) : .none
    }
}

func syncCompletion(_ rc: Int32, _ path: UnsafePointer<CChar>?, _ context: UnsafeRawPointer?) {
    CRequestContext.complete(context, rc) { _ in .none }
}

/// A multi's reply: one result per operation, read from the slots the C client filled in.
func multiCompletion(_ rc: Int32, _ context: UnsafeRawPointer?) {
    CRequestContext.complete(context, rc) { context in
        context.buffers?.payload(resultCode: rc) ?? .none
    }
}

func copyBytes(_ value: UnsafePointer<CChar>?, _ length: Int32) -> [UInt8] {
    guard let value, length > 0 else { return [] }
    return [UInt8](UnsafeRawBufferPointer(start: value, count: Int(length)))
}
