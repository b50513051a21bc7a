import ArgumentParser

/// Lets the global options (`--zk`, `--namespace`, `--digest`, `--json`) come before the
/// subcommand as well as after it.
///
/// ArgumentParser parses a subcommand's options only after its name, so global options given
/// first are moved to just after the subcommand's path (`config set`), before its own
/// arguments: `shardctl --json --namespace shop config get job` is parsed as
/// `shardctl config get --json --namespace shop job`.
enum GlobalArguments {
    /// The options that take a value.
    static let valued: Set<String> = ["--zk", "--namespace", "--digest"]
    /// The flags.
    static let flags: Set<String> = ["--json"]

    /// The arguments with leading global options moved after the subcommand path.
    static func reorder(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name = String(argument.split(separator: "=", maxSplits: 1).first ?? "")
            if flags.contains(argument) || (valued.contains(name) && argument.contains("=")) {
                leading.append(argument)
                index += 1
            } else if valued.contains(argument), index + 1 < arguments.count {
                leading += [argument, arguments[index + 1]]
                index += 2
            } else {
                break
            }
        }
        guard !leading.isEmpty else { return arguments }
        var rest = Array(arguments[index...])
        var path = 0
        var commands: [any ParsableCommand.Type] = ShardCtl.configuration.subcommands
        while path < rest.count, let command = commands.first(where: { name(of: $0) == rest[path] }) {
            path += 1
            commands = command.configuration.subcommands
        }
        rest.insert(contentsOf: leading, at: path)
        return rest
    }

    private static func name(of command: any ParsableCommand.Type) -> String {
        command.configuration.commandName ?? String(describing: command).lowercased()
    }
}
