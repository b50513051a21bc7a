/// Writes a flat JSON object with keys in the order they are added.
///
/// Foundation's encoder sorts or reorders keys and escapes `/`; the sharding context's JSON
/// must keep ElasticJob's key order and leave `/` alone.
struct JSONWriter {
    private var text = "{"
    private var first = true
    let asciiOnly: Bool

    init(asciiOnly: Bool) {
        self.asciiOnly = asciiOnly
    }

    mutating func field(_ key: String, string value: String) {
        separator()
        text += quoted(key) + ":" + quoted(value)
    }

    mutating func field(_ key: String, number value: Int) {
        separator()
        text += quoted(key) + ":" + String(value)
    }

    mutating func finish() -> String {
        text + "}"
    }

    private mutating func separator() {
        if !first { text += "," }
        first = false
    }

    private func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            default:
                if scalar.value < 0x20 || (asciiOnly && scalar.value > 0x7E) {
                    for unit in String(scalar).utf16 { result += "\\u" + hex4(unit) }
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    private func hex4(_ unit: UInt16) -> String {
        let digits = String(unit, radix: 16, uppercase: false)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
