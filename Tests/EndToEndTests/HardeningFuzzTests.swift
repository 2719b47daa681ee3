import Foundation
import Testing

/// Builds the four libFuzzer targets (unoptimised: about 45 s on two cores) and runs each
/// for a few seconds from the committed seeds. `make fuzz` runs them for a minute each.
/// Linux only (swiftc's -sanitize=fuzzer); PAYDESK_SKIP_FUZZ=1 skips it.
@Suite struct HardeningFuzzTests {
    static var available: Bool {
        #if os(Linux)
        let env = ProcessInfo.processInfo.environment
        guard env["PAYDESK_SKIP_FUZZ"] == nil else { return false }
        let path = env["PATH"] ?? ""
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/swiftc") }
        #else
        return false
        #endif
    }

    @Test(.enabled(if: available), .timeLimit(.minutes(10)))
    func everyFuzzerRunsCleanForAFewSeconds() throws {
        var env = ProcessInfo.processInfo.environment
        env["FUZZ_OPT"] = "-Onone"
        // Lowered priority: the build saturates both cores while other suites time consoles.
        let r = try Spawn.run("/usr/bin/nice", ["-n", "10", Harness.packageRoot.appendingPathComponent("Fuzz/run.sh").path, "5"],
                              environment: env)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        for name in ["query-parser", "theme-file", "intake", "sanitizer"] {
            #expect(r.stdout.contains("fuzz \(name): ok"), "\(name) did not run clean:\n\(r.stdout)\n\(r.stderr)")
        }
        print(r.stdout)
    }
}
