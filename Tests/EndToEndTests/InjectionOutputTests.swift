import Foundation
import SupportCore
import Testing

/// Issue 17, finding 7: the terminal-injection suite, extended past the console to
/// every other way text leaves paydesk — CSV and XLSX exports (`cat file.csv` set the
/// tmux title and paste buffer), `--json` (raw C1, DEL, bidi), stderr (another agent's
/// reason quoted raw) and `theme check` (keys quoted raw) — and to spreadsheet formulas.
/// The text is valid UTF-8 without NUL, so it runs alike on SQLite and on PostgreSQL.
@Suite struct InjectionOutputTests {
    static let hostile = InjectionTerminalTests.hostile

    /// Every scalar a terminal could act on, except the line breaks a format needs.
    static func controls(_ text: String, allowing allowed: Set<UInt32> = [0x0A]) -> [String] {
        text.unicodeScalars.filter { InjectionTerminalTests.isControl($0.value) && !allowed.contains($0.value) }
            .map { "U+" + String($0.value, radix: 16, uppercase: true) }
    }

    private func seeded() throws -> (db: String, wallet: String) {
        let db = try Harness.demoDatabase()
        let wallet = try #require(try StoreUnderTest.value(db, "SELECT wallet_id FROM customers WHERE id = 8"))
        try StoreUnderTest.execute(db, """
            UPDATE transactions SET counterparty = 'VISCP ' || \(StoreUnderTest.textExpression(Array(Self.hostile.utf8))) WHERE customer_id = 8
            """)
        // A formula in the first column a spreadsheet shows as text, and in a counterparty.
        try StoreUnderTest.execute(db, """
            UPDATE transactions SET reference = '=HYPERLINK("https://evil.example","x")' || id,
                counterparty = '@SUM(1+1)*cmd|'' /C calc''!A0'
            WHERE id = (SELECT MIN(id) FROM transactions WHERE customer_id = 8)
            """)
        return (db, wallet)
    }

    @Test func csvAndXlsxExportsAreInertAndFormulaSafe() throws {
        let (db, wallet) = try seeded()
        let dir = try Harness.tempDir()
        let csv = dir.appendingPathComponent("s.csv").path
        let r = try Harness.run(["tx", "export", "--customer", wallet, "--format", "csv", "--out", csv,
                                 "--reason", "statement", "--db", db, "--as", "sari"])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(text.contains("VISCP"))
        #expect(Self.controls(text, allowing: [0x0A, 0x0D]).isEmpty, "the CSV holds \(Self.controls(text, allowing: [0x0A, 0x0D]))")
        #expect(!text.contains("PWNED"))
        #expect(text.contains(",\"'=HYPERLINK(") && text.contains(",'@SUM(1+1)"), "formulas not neutralised")
        #expect(!text.contains(",=HYPERLINK") && !text.contains(",@SUM"))

        let xlsx = dir.appendingPathComponent("s.xlsx").path
        #expect(try Harness.run(["tx", "export", "--customer", wallet, "--format", "xlsx", "--out", xlsx,
                                 "--reason", "statement", "--db", db, "--as", "sari"]).status == 0)
        let unzip = try Spawn.run("/usr/bin/unzip", ["-p", xlsx, "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
        let xml = unzip.stdout
        #expect(xml.contains("VISCP"))
        #expect(Self.controls(xml, allowing: [0x0A, 0x0D]).isEmpty)
        // libxlsxwriter spells a control character it is given as _x001B_: none may be there.
        #expect(!xml.contains("_x001B_") && !xml.contains("_x009B_") && !xml.contains("PWNED"))
        #expect(xml.contains("&apos;=HYPERLINK") || xml.contains("'=HYPERLINK"))
    }

    @Test func jsonStderrAndThemeCheckCarryNoControls() throws {
        let (db, wallet) = try seeded()
        // --json: C1, DEL and bidi arrive as \u escapes, and decode back to the same text.
        let json = try Harness.run(["tx", "list", "--customer", wallet, "--limit", "3", "--json", "--db", db, "--as", "sari"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(Self.controls(json.stdout).isEmpty, "--json printed \(Self.controls(json.stdout))")
        #expect(json.stdout.contains("\\u009B") && json.stdout.contains("\\u202E"))
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect((decoded?.first?["counterparty"] as? String)?.unicodeScalars.contains("\u{9B}") == true)

        // stderr: a refusal that quotes another agent's reason.
        let freeze = try Harness.run(["account", "freeze", wallet, "--reason", "VISREASON \(Self.hostile)",
                                      "--db", db, "--as", "budi"])
        #expect(freeze.status == 0, "\(freeze.stderr)")
        let again = try Harness.run(["account", "freeze", wallet, "--reason", "again", "--db", db, "--as", "sari"])
        #expect(again.status != 0 && again.stderr.contains("VISREASON"), "\(again.stderr)")
        #expect(Self.controls(again.stderr).isEmpty, "stderr carried \(Self.controls(again.stderr))")
        #expect(!again.stderr.contains("PWNED"))
        // A usage error echoing a hostile argument.
        let usage = try Harness.run(["ticket", "list", "--view", "x\(Self.hostile)", "--db", db])
        #expect(usage.status == 2 && Self.controls(usage.stderr).isEmpty, "\(Self.controls(usage.stderr))")

        // theme check quoting a hostile key and a hostile file name.
        let dir = try Harness.tempDir().path
        let file = dir + "/m\u{9D}0;PWNED-FILE\u{07}.toml"
        try "[meta]\nname = \"m\"\nvariant = \"dark\"\n[styles]\n\"pane.\u{9B}31m\u{202E}x\" = { fg = \"cyan\" }\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let theme = try Harness.run(["theme", "check", file], environment: ["XDG_CONFIG_HOME": dir])
        #expect(theme.status == 1 && theme.stdout.contains("unknown key"), "\(theme.stdout)")
        #expect(Self.controls(theme.stdout + theme.stderr).isEmpty, "theme check printed \(Self.controls(theme.stdout))")
        #expect(!theme.stdout.contains("PWNED"))
    }
}
