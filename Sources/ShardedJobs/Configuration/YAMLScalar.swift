/// Writes strings as YAML scalars that every YAML 1.1 or 1.2 parser reads back unchanged.
///
/// Used by the block-style documents this library writes to ZooKeeper (the
/// job configuration and instance nodes). A string is written:
/// - plain (`0/5 * * * * ?`, `0=north,1=south`) when no parser could read it
///   as anything else: it does not start with an indicator character, has no
///   `": "` or `" #"`, no leading or trailing space, no line break or control
///   character, and does not look like a null, boolean, number or date in
///   either YAML version (`yes`, `on`, `~`, `1_000`, `12:30`, `0x1F`,
///   `2024-01-01`, `10.0.0.5` are quoted);
/// - single-quoted otherwise (`''` for the empty string, `'* * * * * ?'`,
///   `'it''s: here'`), as SnakeYAML does;
/// - double-quoted with escapes when it holds a line break, a tab or a
///   character YAML does not allow literally (`"a\nb"`, `"\x01"`).
enum YAMLScalar {
    /// The YAML text of `string` as a scalar in block context.
    static func format(_ string: String) -> String {
        let scalars = string.unicodeScalars
        if !scalars.allSatisfy(isLiteral) { return doubleQuoted(string) }
        if isPlainSafe(string) { return string }
        return "'" + string.replacingScalars("'", with: "''") + "'"
    }

    /// Whether a scalar may appear unescaped in a plain or single-quoted scalar.
    ///
    /// YAML's printable set without tab, line breaks (including NEL, LS and
    /// PS), DEL, the C1 controls and the byte-order mark.
    static func isLiteral(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E: true
        case 0xA0...0xD7FF: scalar.value != 0x2028 && scalar.value != 0x2029
        case 0xE000...0xFFFD: scalar.value != 0xFEFF
        case 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// Whether `string` (made of literal scalars only) can be written unquoted.
    static func isPlainSafe(_ string: String) -> Bool {
        let scalars = Array(string.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last else { return false }
        if "-?:,[]{}#&*!|>'\"%@` ".unicodeScalars.contains(first) { return false }
        if last == " " || last == ":" { return false }
        for (previous, next) in zip(scalars, scalars.dropFirst()) {
            if previous == ":" && next == " " { return false }
            if previous == " " && next == "#" { return false }
        }
        return !looksImplicit(string)
    }

    /// Whether a plain `string` could resolve to a non-string in YAML 1.1 or 1.2.
    ///
    /// Deliberately broader than any one parser's rules.
    static func looksImplicit(_ string: String) -> Bool {
        let reserved: Set<String> = [
            "", "~", "null", "y", "n", "yes", "no", "true", "false", "on", "off", "<<", "=",
        ]
        if reserved.contains(string.lowercased()) { return true }
        var body = Substring(string)
        if let sign = body.first, sign == "+" || sign == "-" { body = body.dropFirst() }
        let lowered = body.lowercased()
        if lowered == ".inf" || lowered == ".nan" { return true }
        guard let head = body.unicodeScalars.first, head == "." || ("0"..."9").contains(head) else { return false }
        // Integers and floats in any radix or notation, sexagesimal numbers.
        let numeric: (Unicode.Scalar) -> Bool = { "0123456789_.:eE+-".unicodeScalars.contains($0) }
        if body.unicodeScalars.allSatisfy(numeric) { return true }
        for prefix in ["0x", "0o", "0b"] where lowered.hasPrefix(prefix) {
            let digits = lowered.dropFirst(2)
            if digits.unicodeScalars.allSatisfy({ "0123456789abcdef_".unicodeScalars.contains($0) }) { return true }
        }
        // Timestamps start with a four-digit year and a dash.
        let year = Array(body.unicodeScalars.prefix(5))
        return year.count == 5 && year.prefix(4).allSatisfy { ("0"..."9").contains($0) } && year[4] == "-"
    }

    /// `string` double-quoted, escaping what is not literal.
    static func doubleQuoted(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\0": result += "\\0"
            default:
                if isLiteral(scalar) {
                    result.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xFF {
                    result += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value <= 0xFFFF {
                    result += "\\u" + hex(scalar.value, width: 4)
                } else {
                    result += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        return result + "\""
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension String {
    /// This string with every `target` scalar replaced by `replacement`.
    fileprivate func replacingScalars(_ target: Unicode.Scalar, with replacement: String) -> String {
        var result = ""
        for scalar in unicodeScalars {
            if scalar == target { result += replacement } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }
}
