import CShardedJobsZooKeeper
import Foundation

/// The C memory of one `multi`: the operations, their paths and data, and the result slots
/// the C client fills in when the reply arrives (so they must outlive the call).
///
/// Freed when the request that owns it is released, after its completion ran.
final class MultiBuffers: @unchecked Sendable {
    let operations: [ZooKeeperOperation]
    let ops: UnsafeMutablePointer<zoo_op_t>
    let slots: UnsafeMutablePointer<zoo_op_result_t>
    private var allocations: [UnsafeMutableRawPointer] = []
    private static let pathCapacity = 1024

    init(operations: [ZooKeeperOperation], acl: UnsafeMutablePointer<ACL_vector>) {
        self.operations = operations
        ops = .allocate(capacity: max(operations.count, 1))
        slots = .allocate(capacity: max(operations.count, 1))
        slots.initialize(repeating: zoo_op_result_t(), count: max(operations.count, 1))
        for (index, operation) in operations.enumerated() {
            let op = ops + index
            switch operation {
            case .create(let path, let data, let mode):
                let buffer = allocate(Self.pathCapacity)
                zoo_create_op_init(
                    op, cString(path), bytes(data), Int32(data.count), acl, mode.rawValue,
                    buffer.assumingMemoryBound(to: CChar.self), Int32(Self.pathCapacity))
            case .delete(let path, let version):
                zoo_delete_op_init(op, cString(path), version)
            case .setData(let path, let data, let version):
                let stat = allocate(MemoryLayout<Stat>.stride)
                stat.initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<Stat>.stride)
                zoo_set_op_init(
                    op, cString(path), bytes(data), Int32(data.count), version,
                    stat.assumingMemoryBound(to: Stat.self))
            case .check(let path, let version):
                zoo_check_op_init(op, cString(path), version)
            }
        }
    }

    deinit {
        for allocation in allocations { free(allocation) }
        ops.deallocate()
        slots.deallocate()
    }

    private func allocate(_ size: Int) -> UnsafeMutableRawPointer {
        let pointer = malloc(max(size, 1)) ?? UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 8)
        allocations.append(pointer)
        return pointer
    }

    private func cString(_ text: String) -> UnsafePointer<CChar> {
        let utf8 = Array(text.utf8CString)
        let pointer = allocate(utf8.count)
        utf8.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        return UnsafePointer(pointer.assumingMemoryBound(to: CChar.self))
    }

    private func bytes(_ data: [UInt8]) -> UnsafePointer<CChar> {
        let pointer = allocate(data.count)
        data.withUnsafeBytes { raw in
            if let base = raw.baseAddress { pointer.copyMemory(from: base, byteCount: raw.count) }
        }
        return UnsafePointer(pointer.assumingMemoryBound(to: CChar.self))
    }

    /// The multi's per-operation results: on success, what each operation returned; on a
    /// failure the server judged, each operation's code (`ZOK` before the failing one, its error
    /// at it, `ZRUNTIMEINCONSISTENCY` after it); nothing when the reply never came (every
    /// slot still `ZOK`).
    func payload(resultCode rc: Int32) -> ZooKeeperTransportReply.Payload {
        if rc == ZOK.rawValue {
            return .multi(operations.indices.map { .init(code: .ok, result: result(at: $0)) })
        }
        let codes = operations.indices.map { ZooKeeperError.Code(rawValue: slots[$0].err) }
        guard codes.contains(where: { $0 != .ok }) else { return .none }
        return .multi(codes.map { .init(code: $0, result: nil) })
    }

    private func result(at index: Int) -> ZooKeeperOperationResult {
        let result = slots[index]
        switch operations[index] {
        case .create:
            return .created(path: result.value.map { String(cString: $0) } ?? "")
        case .delete:
            return .deleted
        case .setData:
            return .dataSet(NodeStat(UnsafePointer(result.stat)))
        case .check:
            return .checked
        }
    }
}
