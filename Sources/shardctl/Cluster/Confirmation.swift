import ArgumentParser
import Foundation

/// Asks the operator to confirm a destructive command.
///
/// On a terminal the question is asked on standard error and answered on
/// standard input; elsewhere (scripts, pipes) the command must carry `--yes`.
enum Confirmation {
    /// Returns when confirmed; exits 1 when declined and 64 without a terminal and `--yes`.
    static func require(_ question: String, yes: Bool, flagHint: String) {
        if yes { return }
        guard isatty(0) == 1 else {
            ClusterConnection.fail("\(question.dropLast()) — not on a terminal, so pass --yes to confirm (\(flagHint))", status: 64)
        }
        StandardStreams.writeErrorPrompt(question + " [y/N] ")
        let answer = (readLine() ?? "").lowercased()
        guard answer == "y" || answer == "yes" else { ClusterConnection.fail("not confirmed; nothing was changed", status: 1) }
    }
}
