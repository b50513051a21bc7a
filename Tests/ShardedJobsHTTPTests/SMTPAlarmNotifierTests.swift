import Foundation
import Testing
import ShardedJobs
@testable import ShardedJobsMail
import TestSupport

extension HTTPTests {
    /// The SMTP alarm notifier against a real relay (aiosmtpd) that requires STARTTLS and AUTH
    /// (issue 19 item 2).
    @Suite("SMTP alarm notifier", .serialized)
    struct SMTPAlarmNotifierTests {
        static func settings(_ relay: LocalSMTPRelay, password: String = "secret") -> SMTPSettings {
            SMTPSettings(
                host: "localhost", port: relay.port, username: "alarm", password: password, from: "alarms@example.com",
                to: ["oncall@example.com", "team@example.com"], trustedCertificatesFile: relay.certificate, timeout: .seconds(20))
        }

        @Test(
            "one mail per transition, over STARTTLS, authenticated, to every recipient: the alarm's facts and its idempotency key",
            .tier(.server))
        func mailsAnAlarm() async throws {
            let relay = try await LocalSMTPRelay()
            var alarm = AlarmNotifierTests.alarm
            alarm.causes = [".leading dot", "exit status 1"]
            do {
                try await SMTPAlarmNotifier(settings: Self.settings(relay)).deliver(alarm)
                let message = try #require(try await relay.messages(1).first)
                #expect(message.user == "alarm" && message.tls, "authenticated over TLS: \(message)")
                #expect(message.from == "alarms@example.com" && message.to == ["oncall@example.com", "team@example.com"])
                #expect(message.data.contains("Subject: [sharded-jobs] alarm failureThreshold of job render raised (episode 2)"))
                #expect(message.data.contains("X-Sharded-Jobs-Idempotency-Key: render/failureThreshold/2/raised"))
                for line in ["job: render", "rule: failureThreshold", "state: raised", "episode: 2", "items: 0,1",
                    "fire: 2026-12-07T10:00:02Z", "  - .leading dot", "  - exit status 1"]
                {
                    #expect(message.data.contains(line + "\n") || message.data.contains(line + "\r\n"), "\(line) in \(message.data)")
                }
            } catch {
                await relay.stop()
                throw error
            }
            await relay.stop()
        }

        @Test("a relay addressed by its IP: no name is sent, the certificate is checked against its IP entry", .tier(.server))
        func relayByAddress() async throws {
            let relay = try await LocalSMTPRelay()
            var settings = Self.settings(relay)
            settings.host = "127.0.0.1"
            do {
                try await SMTPAlarmNotifier(settings: settings).deliver(AlarmNotifierTests.alarm)
                let message = try #require(try await relay.messages(1).first)
                #expect(message.user == "alarm" && message.tls)
            } catch {
                await relay.stop()
                throw error
            }
            await relay.stop()
        }

        @Test("a refused password makes the delivery throw, naming the relay's reply, so the leader tries again", .tier(.server))
        func refusedPassword() async throws {
            let relay = try await LocalSMTPRelay()
            let error = await #expect(throws: SMTPError.self) {
                try await SMTPAlarmNotifier(settings: Self.settings(relay, password: "wrong")).deliver(AlarmNotifierTests.alarm)
            }
            #expect(error?.description.contains("refused AUTH PLAIN for alarm: 535") == true, "\(String(describing: error))")
            await relay.stop()
        }

        @Test("the environment's settings: host, port, account, sender, recipients, CA file; a missing sender or a bad port is named")
        func environment() throws {
            let prefix = "SHARDED_JOBS_ALARM_SMTP_"
            #expect(try SMTPSettings.fromEnvironment([:]) == nil)
            let settings = try #require(
                try SMTPSettings.fromEnvironment([
                    prefix + "HOST": "mail.example.com", prefix + "PORT": "2525", prefix + "USER": "u", prefix + "PASSWORD": "p",
                    prefix + "FROM": "a@example.com", prefix + "TO": "b@example.com, c@example.com", prefix + "CA_FILE": "/ca.pem",
                ]))
            #expect(
                settings
                    == SMTPSettings(
                        host: "mail.example.com", port: 2525, username: "u", password: "p", from: "a@example.com",
                        to: ["b@example.com", "c@example.com"], trustedCertificatesFile: "/ca.pem"))
            #expect(throws: SMTPError("\(prefix)HOST is set but \(prefix)FROM (the sender) is not")) {
                try SMTPSettings.fromEnvironment([prefix + "HOST": "h", prefix + "TO": "b@example.com"])
            }
            #expect(throws: SMTPError("\(prefix)PORT=70000 is not a port (1-65535)")) {
                try SMTPSettings.fromEnvironment([prefix + "HOST": "h", prefix + "PORT": "70000"])
            }
        }
    }
}
