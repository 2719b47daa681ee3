import Foundation
import Testing

/// `--help` at every level prints help on stdout and exits 0 (it used to print
/// "CommandError(…)" on stderr and exit 1 whenever ArgumentParser raised it from run()).
@Suite struct HardeningCommandLineTests {
    @Test(arguments: [["--help"], ["ticket", "--help"], ["ticket", "list", "--help"], ["tx", "export", "--help"],
                      ["audit", "verify", "--help"], ["help", "intake"]])
    func helpExitsZero(_ args: [String]) throws {
        let r = try Harness.run(args)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        #expect(r.stdout.contains("USAGE:"), "\(args): \(r.stdout.prefix(200))")
        #expect(!r.stderr.contains("CommandError"))
    }
}
