/// Splits a command line into words the way a POSIX shell splits them, without expanding
/// anything (no variables, globs, pipes or redirections).
///
/// Whitespace separates words; `'…'` keeps everything literally; `"…"` keeps everything but
/// `\"` and `\\`, which stand for `"` and `\`; outside quotes `\x` stands for `x`. Quotes
/// join with adjacent text (`a"b c"d` is one word, `ab cd`); `''` is an empty word.
enum ScriptCommandLine {
    static func split(_ line: String) throws(ScriptJobError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = line.makeIterator()
        func fail(_ why: String) -> ScriptJobError {
            ScriptJobError(.malformedCommandLine, command: line, detail: why)
        }
        while let character = iterator.next() {
            switch character {
            case "'":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "'" { closed = true; break }
                    current.append(next)
                }
                if !closed { throw fail("unterminated single quote") }
            case "\"":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "\"" { closed = true; break }
                    if next == "\\" {
                        guard let escaped = iterator.next() else { break }
                        if escaped != "\"" && escaped != "\\" { current.append("\\") }
                        current.append(escaped)
                    } else {
                        current.append(next)
                    }
                }
                if !closed { throw fail("unterminated double quote") }
            case "\\":
                guard let escaped = iterator.next() else { throw fail("trailing backslash") }
                inWord = true
                current.append(escaped)
            case _ where character.isWhitespace:
                if inWord { words.append(current) }
                current = ""
                inWord = false
            default:
                inWord = true
                current.append(character)
            }
        }
        if inWord { words.append(current) }
        guard !words.isEmpty else { throw ScriptJobError(.missingCommandLine, command: line) }
        return words
    }
}
