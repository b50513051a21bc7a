import Foundation

/// Launches a server JVM so that it cannot outlive the process that started it.
///
/// `/bin/sh` is spawned with a tiny script that forks a watchdog subshell and then `exec`s
/// java, so the JVM keeps the spawned pid: the harness reaps it directly and `kill()` delivers
/// SIGKILL to the JVM itself. Every half second the watchdog reads `/proc/<owner>/stat` with
/// the shell's own `read` (no process per check); once the owner is gone (or a zombie) it
/// SIGKILLs the JVM, after checking through `/proc/<pid>/cmdline` that the pid still belongs
/// to a JVM marked with `-Dsharded.jobs.testing=1`, waits for it to die and removes the
/// server's temp directory.
/// It leaves quietly as soon as the JVM itself is gone. The owner being killed with SIGKILL
/// (a test runner's timeout) therefore takes its servers down within about a second.
///
/// With a network namespace, `ip netns exec` enters it and `exec`s the same shell, so the pid
/// is still the JVM's.
///
/// Every JVM carries `-Dsharded.jobs.testing=1 -Dsharded.jobs.testing.owner=<pid>`, so a
/// script can find strays with `pgrep -f sharded.jobs.testing` (which also lists the watchdog
/// shells, whose command line carries the JVM's).
enum Watchdog {
    /// The watchdog script; `$1` is the owner pid, `$2` the directory to remove, `$3` the
    /// working directory, the rest the command to `exec`.
    static let script = """
        owner="$1"; cleanup="$2"; cd "$3" || exit 125; shift 3
        self=$$
        alive() {
          read -r stat 2>/dev/null < "/proc/$1/stat" || return 1
          stat=${stat##*) }
          case "${stat%% *}" in Z|X|x) return 1 ;; esac
          return 0
        }
        (
          while alive "$owner"; do
            alive "$self" || exit 0
            sleep 0.5
          done
          if grep -qa 'sharded[.]jobs[.]testing' "/proc/$self/cmdline" 2>/dev/null; then
            kill -9 "$self" 2>/dev/null
            tries=0
            while alive "$self" && [ "$tries" -lt 50 ]; do sleep 0.1; tries=$((tries + 1)); done
          fi
          case "$cleanup" in
            */zktesting-*) rm -rf "$cleanup" ;;
          esac
        ) </dev/null &
        exec "$@"
        """

    /// Writes the spec's files and starts its JVM under a watchdog that watches `owner`
    /// (this process unless a test says otherwise).
    static func launch(_ spec: ServerLaunchSpec, owner: Int32 = getpid()) throws(ZooKeeperTestingError) -> ChildProcess {
        try spec.writeFiles()
        let arguments = ["-c", script, "zktesting-watchdog", "\(owner)", spec.cleanupDirectory, spec.directory]
            + spec.javaCommand(ownerPID: owner)
        var environment = ProcessInfo.processInfo.environment
        environment["CLASSPATH"] = nil
        environment["JAVA_TOOL_OPTIONS"] = nil
        environment["JDK_JAVA_OPTIONS"] = nil
        let (executable, spawned) = try NetworkNamespaceCommand.wrap("/bin/sh", arguments, in: spec.networkNamespace)
        spec.appendToLog(
            "---- ZooKeeperTesting: launching \(spec.mainClass) on \(spec.ports.host):\(spec.ports.client)"
                + "\(spec.networkNamespace.map { " in network namespace \($0)" } ?? "") at \(Date()) ----")
        return try ChildProcess.spawn(
            executable: executable,
            arguments: spawned,
            environment: environment,
            outputPath: spec.logPath
        )
    }
}
