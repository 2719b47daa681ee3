import Foundation
import Testing

/// `E` on the supervisor screen in the real binary, in tmux: the five reports are written
/// in the background and listed when done; the files are real workbooks.
@Suite(.serialized) struct ReportsEndToEndTests {
    @Test func eWritesTheFiveReportsAndListsThem() throws {
        let db = try Harness.demoDatabase()
        // Short, so the dialog shows the folder whole.
        let dir = "/tmp/paydesk-rpt-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = try TmuxSession(command: try ServiceRouting.consoleCommand(db, as: "sari"), width: 120, height: 40,
                                      environment: ["PAYDESK_REPORTS": dir])
        #expect(try session.waitFor("Queue").found)
        try session.send("S")
        // The figures land from a worker: wait for them, not for the boxes counting.
        let dashboard = try session.waitForScreen { $0.contains("Attention:") && $0.contains("Deliveries") && $0.contains("Breached today")
            && !$0.contains("Counting") }
        #expect(dashboard.found, "supervisor screen did not open:\n\(dashboard.screen)")

        try session.send("E")
        let names = ["backlog", "sla", "agents", "volume", "csat"]
        let listed = try session.waitForScreen(timeout: 30) { screen in
            screen.contains("Exported 5 reports") && screen.contains("Folder: \(dir)") && screen.contains("[ Close ]")
                && names.allSatisfy { screen.contains("  paydesk-\($0)-") } && screen.contains("as XLSX to \(dir)")
        }
        #expect(listed.found, "the finished dialog did not list the five files:\n\(listed.screen)")

        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files.count == 5 && files.allSatisfy { $0.hasPrefix("paydesk-") && $0.hasSuffix(".xlsx") }, "\(files)")
        for file in files { #expect(listed.screen.contains("  " + file), "\(file) is not listed") }
        // A workbook: the backlog's sheet holds its header row.
        let backlog = try #require(files.first { $0.hasPrefix("paydesk-backlog-") })
        let sheet = try Spawn.run("/usr/bin/unzip", ["-p", dir + "/" + backlog, "xl/worksheets/sheet1.xml"]).stdout
        for header in ["Dimension", "Value", "Backlog", "Created", "Solved"] {
            #expect(sheet.contains(">\(header)<"), "no \(header) column in \(backlog)")
        }

        try session.send("Enter")
        let closed = try session.waitForScreen { !$0.contains("[ Close ]") && $0.contains("Attention:") }
        #expect(closed.found, "Enter should close the list:\n\(closed.screen)")
        try session.send("q")
        #expect(session.waitForExit() == 0)
    }
}
