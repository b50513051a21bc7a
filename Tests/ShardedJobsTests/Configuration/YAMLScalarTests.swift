import Testing

@testable import ShardedJobs

/// How strings are written as YAML scalars: plain when safe, quoted when a parser could misread them.
@Suite struct YAMLScalarTests {
    @Test(arguments: [
        "0/5 * * * * ?", "0 0 12 ? * MON#2", "0=north,1=south", "order-sync", "Europe/Berlin", "GMT+08:00",
        "10.0.0.5@-@1234-2", "script.command.line", "/opt/run.sh --x=1", "http://host:80/a?b", "a:b", "a#b",
        "it's", "北京", "x y", "100%", "a-b", "+", "e5", "nulls", "yesterday", "truely", "AVG_ALLOCATION",
    ])
    func writesSafeStringsPlain(text: String) {
        #expect(YAMLScalar.format(text) == text)
    }

    @Test(arguments: [
        ("", "''"), (" ", "' '"), ("* * * * * ?", "'* * * * * ?'"), ("? x", "'? x'"), ("- x", "'- x'"),
        ("a: b", "'a: b'"), ("a #b", "'a #b'"), ("a:", "'a:'"), ("#x", "'#x'"), ("&a", "'&a'"), ("!t", "'!t'"),
        ("'q'", "'''q'''"), ("\"q\"", "'\"q\"'"), ("%x", "'%x'"), ("@x", "'@x'"), ("`x", "'`x'"), ("|", "'|'"),
        (">", "'>'"), ("[a]", "'[a]'"), ("{a}", "'{a}'"), (",a", "',a'"), ("trailing ", "'trailing '"),
        ("true", "'true'"), ("False", "'False'"), ("yes", "'yes'"), ("Off", "'Off'"), ("y", "'y'"), ("N", "'N'"),
        ("~", "'~'"), ("null", "'null'"), ("NULL", "'NULL'"), ("<<", "'<<'"), ("=", "'='"),
        ("0", "'0'"), ("-1", "'-1'"), ("+1", "'+1'"), ("007", "'007'"), ("1_000", "'1_000'"), ("12:30", "'12:30'"),
        ("1.5", "'1.5'"), (".5", "'.5'"), ("1e5", "'1e5'"), ("0x1F", "'0x1F'"), ("0o17", "'0o17'"),
        ("0b101", "'0b101'"), (".inf", "'.inf'"), ("-.INF", "'-.INF'"), (".NaN", "'.NaN'"),
        ("2024-01-01", "'2024-01-01'"), ("2024-1-1 10:00:00", "'2024-1-1 10:00:00'"), ("10.0.0.5", "'10.0.0.5'"),
        ("...", "'...'"), ("---", "'---'"),
    ])
    func quotesWhatCouldBeMisread(text: String, written: String) {
        #expect(YAMLScalar.format(text) == written)
    }

    @Test(arguments: [
        ("a\nb", #""a\nb""#), ("tab\there", #""tab\there""#), ("cr\r", #""cr\r""#), ("\u{0}", #""\0""#),
        ("\u{1B}[0m", #""\x1B[0m""#), ("del\u{7F}", #""del\x7F""#), ("nel\u{85}", #""nel\x85""#),
        ("ls\u{2028}", #""ls\u2028""#), ("\u{FEFF}", #""\uFEFF""#), ("q\"\\\n", #""q\"\\\n""#),
        ("😀\n", "\"😀\\n\""), ("\u{FFFF}", #""\uFFFF""#),
    ])
    func escapesWhatCannotBeWrittenLiterally(text: String, written: String) {
        #expect(YAMLScalar.format(text) == written)
    }

    @Test func literalCharactersAreYAMLsPrintableSetWithoutBreaks() {
        let literal: [Unicode.Scalar] = [" ", "~", "\u{A0}", "é", "\u{D7FF}", "\u{E000}", "\u{FFFD}", "😀"]
        let escaped: [Unicode.Scalar] = ["\t", "\n", "\r", "\u{0}", "\u{1F}", "\u{7F}", "\u{85}", "\u{9F}",
                                         "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFE}", "\u{FFFF}"]
        for scalar in literal { #expect(YAMLScalar.isLiteral(scalar), "\(scalar.value)") }
        for scalar in escaped { #expect(!YAMLScalar.isLiteral(scalar), "\(scalar.value)") }
    }

    @Test func implicitTypesAreRecognisedBroadly() {
        // Broader than any one parser: "12-34" and "1.2.3" are strings everywhere but still quoted.
        for text in ["1.2.3", "12-34", "2024", "+.5", "-0", "0xcafe", "0B11", "1:2:3", "2024-13-99", "YES", "oN", "NuLl"] {
            #expect(YAMLScalar.looksImplicit(text), "\(text)")
        }
        for text in ["v1.2", "1a", "0xzz", "nan", "inf", "yes please", "0=a", "1/2", "+", "e3"] {
            #expect(!YAMLScalar.looksImplicit(text), "\(text)")
        }
    }
}
