/// Replaces IPv4 addresses in text with `ip1`, `ip2`, … (the same address always by the same
/// name), as ElasticJob's dump does for sharing a cluster's state without its addresses.
///
/// ```swift
/// var masker = IPMasker()
/// masker.mask("/job/servers/10.0.0.5")            // "/job/servers/ip1"
/// masker.mask("10.0.0.6@-@77 after 10.0.0.5")     // "ip2@-@77 after ip1"
/// ```
public struct IPMasker: Sendable {
    private var names: [String: String] = [:]

    /// Creates a masker with no address named yet.
    ///
    /// Names are given in order of first appearance.
    public init() {}

    /// The text with every dotted-quad IPv4 address replaced by its name.
    ///
    /// A match must be four decimal parts of 1 to 3 digits, each at most 255, not preceded
    /// or followed by a digit or a dot followed by a digit.
    public mutating func mask(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if Self.startsAddress(scalars, at: index), let end = Self.addressEnd(scalars, from: index) {
                let address = String(String.UnicodeScalarView(scalars[index..<end]))
                let name = names[address] ?? "ip\(names.count + 1)"
                names[address] = name
                output.append(contentsOf: name.unicodeScalars)
                index = end
            } else {
                output.append(scalars[index])
                index += 1
            }
        }
        return String(output)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func startsAddress(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard isDigit(scalars[index]) else { return false }
        guard index > 0 else { return true }
        let previous = scalars[index - 1]
        return !isDigit(previous) && previous != "."
    }

    /// The end of an IPv4 address starting at `start`, or nil.
    private static func addressEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        for part in 0..<4 {
            var digits = 0
            var value = 0
            while index < scalars.count, isDigit(scalars[index]), digits < 4 {
                value = value * 10 + Int(scalars[index].value - 48)
                digits += 1
                index += 1
            }
            guard (1...3).contains(digits), value <= 255 else { return nil }
            if part < 3 {
                guard index < scalars.count, scalars[index] == "." else { return nil }
                index += 1
            }
        }
        if index < scalars.count, isDigit(scalars[index]) { return nil }
        if index + 1 < scalars.count, scalars[index] == ".", isDigit(scalars[index + 1]) { return nil }
        return index
    }
}
