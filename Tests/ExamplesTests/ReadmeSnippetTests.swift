import Foundation
import Testing

extension ExamplesTests {
    @Suite("The README snippet")
    struct ReadmeSnippetTests {
        @Test("README.md shows ReadmeSnippet.swift's compiled block verbatim")
        func readmeShowsTheCompiledSnippet() throws {
            let source = try String(
                contentsOf: packageRoot.appendingPathComponent("Tests/ExamplesTests/ReadmeSnippet.swift"), encoding: .utf8)
            let lines = source.components(separatedBy: "\n")
            let begin = try #require(lines.firstIndex(of: "// README-SNIPPET-BEGIN"))
            let end = try #require(lines.firstIndex(of: "// README-SNIPPET-END"))
            let snippet = lines[(begin + 1)..<end].joined(separator: "\n")
            #expect(snippet.contains("JobScheduler("))

            let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
            #expect(readme.contains("```swift\n\(snippet)\n```"), "README.md's usage block differs from ReadmeSnippet.swift")
        }
    }
}
