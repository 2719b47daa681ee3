import Foundation
import Testing

/// The soak through the service (`make soak-service` runs it for 60 s): workers and headless
/// consoles reach the data only on the socket, and the service is killed with SIGKILL
/// half-way and started again. Every acknowledged write must be there, no ticket may have
/// had two owners, and the integrity check and the audit chain must pass.
@Suite(.serialized) struct ServiceSoakTests {
    @Test func theSoakThroughTheServiceSurvivesAKill9() throws {
        let seconds = ProcessInfo.processInfo.environment["PAYDESK_SOAK_SECONDS"] ?? "6"
        var environment = ProcessInfo.processInfo.environment
        environment["PAYDESK_BIN"] = Harness.binary
        environment["SOAK_SERVICE"] = "1"
        environment["SOAK_KILL"] = "1"
        let script = Harness.packageRoot.appendingPathComponent("scripts/soak.sh").path
        let result = try Spawn.run("/usr/bin/nice", ["-n", "10", "/bin/bash", script, seconds, "8"], environment: environment)
        #expect(result.status == 0, "\(result.stdout.suffix(2000))\n\(result.stderr.suffix(2000))")
        #expect(result.stdout.contains("killed the service (SIGKILL) half-way"))
        #expect(result.stdout.contains("soak check: passed"), "\(result.stdout.suffix(2000))")
        #expect(result.stdout.contains("integrity_check: ok"))
        print(result.stdout.suffix(1500))
    }
}
