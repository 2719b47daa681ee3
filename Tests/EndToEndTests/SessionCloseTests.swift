import Foundation
import Testing

/// Issue 17, finding 12: Ctrl-C ended the console without its `session.close` audit
/// record, so the session's end (PCI DSS 10.2.1.5) was missing from the log.
@Suite(.serialized) struct SessionCloseTests {
    private func sessionEvents(_ db: String) throws -> [String] {
        try StoreUnderTest.rows(db, "SELECT action FROM audit_log WHERE action LIKE 'session.%' AND actor = 'sari' ORDER BY id")
            .compactMap { $0[0] }
    }

    @Test func ctrlCClosesTheSessionOnRecord() throws {
        let db = try Harness.demoDatabase()
        for key in ["C-c", "C-c"] {
            let session = try TmuxSession(command: try ServiceRouting.consoleCommand(db, as: "sari"), width: 120, height: 40)
            defer { session.kill() }
            #expect(try session.waitFor("Queue").found)
            try session.send(key)
            #expect(session.waitForExit() != nil, "the console did not end on \(key)")
            #expect(Harness.waitUntil(timeout: 5) { (try? sessionEvents(db).last) == "session.close" },
                    "no session.close after \(key): \((try? sessionEvents(db)) ?? [])")
        }
        #expect(try sessionEvents(db) == ["session.open", "session.close", "session.open", "session.close"])
    }
}
