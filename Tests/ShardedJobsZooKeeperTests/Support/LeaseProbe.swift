import TestSupport

/// The `zk-lease-probe` child process (Tests/Support/zk-lease-probe) on `connectString`, its
/// output lines recorded as they arrive.
func leaseProbe(connectString: String, sessionTimeoutMillis: Int) throws -> TestProcess {
    try TestProcess(try builtExecutable("zk-lease-probe"), [connectString, String(sessionTimeoutMillis)])
}
