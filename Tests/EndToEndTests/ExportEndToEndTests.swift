import Foundation
import SupportCore
import SupportStore
import Testing

/// Exports through the real binary: `paydesk tx export`, and `x` in the console running
/// in a real terminal (tmux).
@Suite(.serialized) struct ExportEndToEndTests {
    /// The customer of the queue's first ticket for the demo supervisor: the one the
    /// console's account and transactions panes show on start.
    func firstCustomer(_ db: String) throws -> (id: Int64, wallet: String) {
        let store = try SupportStore(path: db, create: false)
        let row = try store.queuePage(QueueSpec(view: .team, actor: try #require(try store.agent(login: "sari"))), limit: 1)[0]
        return (row.customerId, try store.customer(id: row.customerId).walletId)
    }

    func references(_ db: String, customer: Int64, _ filter: String) throws -> [String] {
        let store = try SupportStore(path: db, create: false)
        let query = try QueryParser.parse(filter, schema: .transactions, now: Date(), timeZone: TimeText.zone)
        return try store.transactions(customerId: customer, query: query, limit: 100_000).map(\.reference)
    }

    /// The second field of each CSV record after the header (demo references hold no commas).
    func csvReferences(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\r\n").dropFirst()
            .filter { !$0.isEmpty }.map { String($0.split(separator: ",", omittingEmptySubsequences: false)[1]) }
    }

    /// The customer's export audit records as `audit list` shows them (through the service
    /// when the suite runs through one, whichever store it serves), newest first: actor and after.
    func exportRecords(_ db: String, customer: Int64) throws -> [(actor: String, after: String)] {
        let listed = try Harness.run(["audit", "list", "--entity", "customer", "--id", String(customer), "--limit", "200", "--json",
                                      "--db", db, "--as", "sari"])
        guard listed.status == 0, let records = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] else {
            throw StoreError.invalid("audit list failed: \(listed.stderr)")
        }
        return records.filter { $0["action"] as? String == "transactions.export" }
            .map { (($0["actor"] as? String) ?? "", ($0["after"] as? String) ?? "") }
    }

    /// "1 transaction", "3 transactions": as the exports count them.
    static func transactions(_ count: Int) -> String { "\(count) transaction\(count == 1 ? "" : "s")" }

    func tool(_ path: String, _ arguments: [String]) throws -> String {
        try Spawn.run(path, arguments).stdout
    }

    @Test func txExportWritesEachFormatAndFollowsTheExitCodes() throws {
        let db = try Harness.demoDatabase()
        let dir = try Harness.tempDir()
        let customer = try firstCustomer(db)
        let filter = "status:failed,pending"
        let expected = try references(db, customer: customer.id, filter)
        #expect(!expected.isEmpty)
        let csv = dir.appendingPathComponent("out.csv").path
        let r = try Harness.run(["tx", "export", "--reason", "customer asked for a statement", "--db", db, "--as", "budi", "--customer", customer.wallet,
                                 "--query", filter, "--format", "csv", "--out", csv])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Exported \(Self.transactions(expected.count)) of \(customer.wallet) to \(csv) (csv).\n")
        #expect(r.stderr.isEmpty, "no progress line when stderr is not a terminal: \(r.stderr)")
        #expect(try csvReferences(csv) == expected)

        let xlsx = dir.appendingPathComponent("out.xlsx").path
        let json = try Harness.run(["tx", "export", "--reason", "customer asked for a statement", "--db", db, "--as", "budi", "--customer", String(customer.id),
                                    "--query", filter, "--format", "xlsx", "--out", xlsx, "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout.contains("\"rows\" : \(expected.count)"))
        let sheet = try tool("/usr/bin/unzip", ["-p", xlsx, "xl/worksheets/sheet1.xml"])
        #expect(sheet.contains("state=\"frozen\""))
        // Constant-memory workbooks keep their text inline in the sheet.
        for reference in expected { #expect(sheet.contains(">\(reference)<")) }
        #expect(sheet.contains("Total: \(Self.transactions(expected.count))"))

        let pdf = dir.appendingPathComponent("out.pdf").path
        #expect(try Harness.run(["tx", "export", "--reason", "customer asked for a statement", "--db", db, "--as", "budi", "--customer", customer.wallet,
                                 "--query", filter, "--format", "pdf", "--out", pdf]).status == 0)
        let text = try tool("/usr/bin/pdftotext", ["-layout", pdf, "-"])
        for reference in expected { #expect(text.contains(reference)) }
        #expect(text.contains("Page 1 of") && text.contains("Filter: \(filter)"))
        // The customer's own document: their wallet in full; phone and email stay masked.
        #expect(text.contains("wallet \(customer.wallet)"), "the statement names the wallet")
        #expect(text.contains("***"), "contact details stay masked")

        // Three audit records, one per export.
        #expect(try exportRecords(db, customer: customer.id).count == 3)

        // Exit codes: a bad filter is usage (2), an unknown customer not found (3), an
        // unwritable folder is one sentence (1); none leaves a file.
        let bad = try Harness.run(["tx", "export", "--reason", "customer asked for a statement", "--db", db, "--as", "budi", "--customer", customer.wallet,
                                   "--query", "status:lost", "--format", "csv", "--out", dir.appendingPathComponent("bad.csv").path])
        #expect(bad.status == 2 && bad.stderr.contains("^"))
        let unknown = try Harness.run(["tx", "export", "--reason", "customer asked for a statement", "--db", db, "--as", "budi", "--customer", "WLT-NOPE",
                                       "--format", "csv", "--out", dir.appendingPathComponent("bad.csv").path])
        #expect(unknown.status == 3)
        let nowhere = try Harness.run(["tx", "export", "--reason", "customer asked for a statement", "--db", db, "--as", "budi", "--customer", customer.wallet,
                                       "--format", "csv", "--out", "/nonexistent-folder/x.csv"])
        #expect(nowhere.status == 1 && nowhere.stderr.hasPrefix("paydesk: Cannot create the export file"))
        #expect(nowhere.stderr.split(separator: "\n").count == 1)
        let format = try Harness.run(["tx", "export", "--reason", "customer asked for a statement", "--db", db, "--as", "budi", "--customer", customer.wallet,
                                      "--format", "docx", "--out", dir.appendingPathComponent("x.docx").path])
        #expect(format.status == 2)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("bad.csv").path))
        #expect(try exportRecords(db, customer: customer.id).count == 3)
    }

    /// On a terminal the command draws a progress line on stderr and wipes it at the end.
    @Test func txExportDrawsProgressOnATerminal() throws {
        let db = try Harness.demoDatabase()
        let dir = try Harness.tempDir()
        let customer = try firstCustomer(db)
        let log = dir.appendingPathComponent("typescript").path
        let out = dir.appendingPathComponent("all.pdf").path
        let command = "\(Harness.binary) tx export --reason statement --db \(db) --as sari --customer \(customer.wallet) --format pdf --out \(out)"
        // script(1) gives the command a pseudo-terminal and records what it wrote.
        let r = try Spawn.run("/usr/bin/script", ["-q", "-e", "-c", command, log],
                              environment: ["LANG": "C.UTF-8", "TERM": "xterm", "PATH": "/usr/bin:/bin"])
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        let typescript = try String(contentsOfFile: log, encoding: .utf8)
        #expect(typescript.contains("\rExporting PDF: "), "expected a progress line: \(typescript)")
        #expect(typescript.contains("Exported "))
    }

    /// The brief's walk-through: open the console, focus the transactions, filter, export
    /// to CSV from the dialog; the file holds exactly the filtered rows.
    @Test func consoleExportsTheFilteredRowsToCSV() throws {
        let db = try Harness.demoDatabase()
        let home = try Harness.tempDir()
        let customer = try firstCustomer(db)
        let session = try TmuxSession(command: "\(Harness.binary) --db \(db) --as sari", width: 120, height: 40,
                                      environment: ["HOME": home.path])
        #expect(try session.waitFor(customer.wallet).found, "the console did not start")
        try session.send("3")
        try session.send("/")
        try session.type("status:failed")
        try session.send("Enter")
        let filtered = try session.waitFor("/status:failed")
        #expect(filtered.found, "the filter did not apply:\n\(filtered.screen)")
        try session.send("x")
        let dialog = try session.waitFor("Export transactions")
        #expect(dialog.found, "x did not open the dialog:\n\(dialog.screen)")
        try session.send("c")
        #expect(try session.waitFor(".csv").found)
        // The reason field: Enter without one is refused, with the reason it goes.
        try session.send("Enter")
        #expect(try session.waitFor("A reason is required").found)
        try session.type("customer asked for a statement")
        try session.send("Enter")
        let done = try session.waitFor("Exported ", timeout: 20)
        #expect(done.found, "the export did not finish:\n\(done.screen)")

        let folder = home.appendingPathComponent("paydesk-exports")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        try #require(files.count == 1, "\(files)")
        let file = folder.appendingPathComponent(files[0]).path
        #expect(files[0].hasPrefix(customer.wallet + "-") && files[0].hasSuffix(".csv"))
        #expect(try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int == 0o700)
        let expected = try references(db, customer: customer.id, "status:failed")
        #expect(try csvReferences(file) == expected)
        #expect(done.screen.contains("Exported \(expected.count) transaction"))

        // The command line writes the same bytes for the same filter.
        let again = home.appendingPathComponent("cli.csv").path
        let cli = try Harness.run(["tx", "export", "--reason", "customer asked for a statement", "--db", db, "--as", "sari",
                                   "--customer", customer.wallet, "--query", "status:failed", "--format", "csv", "--out", again])
        #expect(cli.status == 0, "status \(cli.status): \(cli.stderr) \(cli.stdout)")
        #expect(FileManager.default.contents(atPath: again) == FileManager.default.contents(atPath: file))
        let records = try exportRecords(db, customer: customer.id)
        #expect(records.count == 2 && records.contains { $0.actor == "sari" && $0.after.contains("path=\"\(file)\"") })

        try session.send("q")
        #expect(session.waitForExit() == 0)
    }
}
