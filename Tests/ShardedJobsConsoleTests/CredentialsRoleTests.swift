#if Console && SQLiteTracing && PostgresTracing
import Foundation
import MetricsTestKit
@testable import ShardedJobsConsole
import Synchronization
import Testing

/// Users, roles and the users file.
@Suite("Console credentials and roles")
struct CredentialsRoleTests {
    @Test("the single user is an operator unless a role is given; a users file adds name:role:password lines; bad input refused")
    func roles() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("users-\(UUID().uuidString)")
        try "# console users\nops:operator:p:with:colons\n\neve:Viewer:look\r\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let single = try #require(try ConsoleCredentials.resolve(user: "ops", passwordFile: nil, environment: ["SHARDED_CONSOLE_PASSWORD": "x"]))
        #expect(single.users == [try ConsoleUser(name: "ops", password: "x", role: .operator)])
        let viewer = try ConsoleCredentials.resolve(
            user: nil, passwordFile: nil, environment: ["SHARDED_CONSOLE_USER": "v", "SHARDED_CONSOLE_PASSWORD": "x", "SHARDED_CONSOLE_ROLE": "viewer"])
        #expect(viewer?.users.first?.role == .viewer)
        let fromFile = try #require(try ConsoleCredentials.resolve(user: nil, passwordFile: nil, environment: ["SHARDED_CONSOLE_USERS_FILE": file.path]))
        #expect(fromFile.users == [try ConsoleUser(name: "ops", password: "p:with:colons"), try ConsoleUser(name: "eve", password: "look", role: .viewer)])
        #expect(fromFile.user(named: "eve", password: "look")?.role == .viewer)
        #expect(fromFile.user(named: "eve", password: "p:with:colons") == nil)
        let both = try ConsoleCredentials.resolve(
            user: "admin", passwordFile: nil, role: "operator", usersFile: file.path, environment: ["SHARDED_CONSOLE_PASSWORD": "a"])
        #expect(both?.users.map(\.name) == ["admin", "ops", "eve"])

        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("users-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: bad) }
        for (text, message) in [("ops:admin:x\n", "line 1: unknown role \"admin\""), ("ops:x\n", "line 1: expected name:role:password"),
                                ("a:viewer:x\na:operator:y\n", "given twice"), ("a:viewer:\n", "line 1: the console's user and password must not be empty")] {
            try text.write(to: bad, atomically: true, encoding: .utf8)
            #expect(throws: ConsoleError.self, "\(text)") { try ConsoleCredentials.resolve(user: nil, passwordFile: nil, usersFile: bad.path, environment: [:]) }
            do {
                _ = try ConsoleCredentials.resolve(user: nil, passwordFile: nil, usersFile: bad.path, environment: [:])
            } catch {
                #expect(error.message.contains(message), "\(error.message)")
            }
        }
        #expect(throws: ConsoleError.self) { try ConsoleCredentials.resolve(user: "ops", passwordFile: nil, role: "root", environment: ["SHARDED_CONSOLE_PASSWORD": "x"]) }
        #expect(throws: ConsoleError.self) { try ConsoleCredentials.resolve(user: nil, passwordFile: nil, role: "viewer", environment: [:]) }
    }
}
#endif
