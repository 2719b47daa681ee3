import Foundation
import Testing

/// Keeps `paydesk-dev bench-service` building and working: on a tiny seeded database, with a
/// handful of streams and iterations, it starts the service, measures every figure, stops
/// the service and prints each figure with its target. No timing is judged here.
@Suite(.serialized) struct ServiceBenchSmokeTests {
    @Test func benchServicePrintsEveryFigure() throws {
        let dir = try Harness.tempDir()
        let db = dir.appendingPathComponent("scale.sqlite").path
        let seeded = try Harness.runDev(["seed", "--db", db, "--quiet"] + BenchSmokeTests.tiny)
        #expect(seeded.status == 0, "\(seeded.stderr)")

        let bench = try Harness.runDev(["bench-service", "--db", db, "--quick"])
        #expect(bench.status == 0, "\(bench.stderr)")
        let out = bench.stdout
        for figure in ["service start to accepting", "idle event streams", "service CPU:", "service RSS (VmRSS)",
                       "commit to the last of", "the commit's own round trip", "transaction filter, first page",
                       "queue page (100 rows)", "bytes of JSON, encoded", "the ticket pane, one request (ticketView)",
                       "the ticket pane as eight requests", "queue: move (j), key press to frame",
                       "the ticket pane, the longest ticket", "a request reading next to nothing (isDemo)"] {
            #expect(out.contains(figure), "missing \(figure) in:\n\(out)")
        }
        // Numbers, not placeholders: the seven comparisons carry four timings each, and the
        // filter found rows on the heavy customer.
        let comparisons = out.split(separator: "\n").filter { $0.contains("   n ") }
        #expect(comparisons.count == 7, "\(out)")
        for line in comparisons {
            #expect(line.split(separator: " ").filter { Double($0) != nil && $0.contains(".") }.count == 4, "\(line)")
        }
        #expect(out.range(of: #"median [0-9]+\.[0-9]"#, options: .regularExpression) != nil)
        #expect(!out.contains("(0 rows)"), "\(out)")
        // Both panes' replies are measured: a size and four timings each, of a ticket with events.
        let replies = out.split(separator: "\n").filter { $0.contains(" events: ") && $0.contains("bytes of JSON") && $0.contains("by hand") }
        #expect(replies.count == 2 && replies.allSatisfy { !$0.contains(", 0 events") && !$0.contains(" 0 bytes") }, "\(out)")
        // The service it started is gone, and so is its socket folder.
        #expect(!FileManager.default.fileExists(atPath: db + ".serve.lock")
                || (try? Harness.run(["serve", "--db", db, "--check", "--socket", dir.appendingPathComponent("c.sock").path]).status) == 0)
    }

    /// `paydesk-dev bench-channels --quick` on a tiny seeded database: intake from a folder,
    /// webhooks through the service, delivery through msmtp to an SMTP server on loopback.
    /// The tool fails on any wrong count (a mail or webhook not stored exactly once, a
    /// reply not threaded, a message not received once), so its exit status is the check;
    /// the figures are only looked for, never judged.
    @Test func benchChannelsStoresAndDeliversEveryMessageOnce() throws {
        let dir = try Harness.tempDir()
        let db = dir.appendingPathComponent("scale.sqlite").path
        let seeded = try Harness.runDev(["seed", "--db", db, "--quiet"] + BenchSmokeTests.tiny)
        #expect(seeded.status == 0, "\(seeded.stderr)")

        let bench = try Harness.runDev(["bench-channels", "--db", db, "--quick"])
        #expect(bench.status == 0, "\(bench.stderr)")
        let out = bench.stdout
        for figure in ["INTAKE median of 1:", "WEBHOOKS median of 1:", "DELIVERY median of 1:", "server received 30", "all duplicate"] {
            #expect(out.contains(figure), "missing \(figure) in:\n\(out)")
        }
        #expect(out.range(of: #"intake run 1: 60 mails .* replies by In-Reply-To\)   load [0-9.]+→[0-9.]+"#, options: .regularExpression) != nil, "\(out)")
    }
}
