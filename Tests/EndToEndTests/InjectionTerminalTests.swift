import Foundation
import SupportCore
import Testing

/// Hostile text in every place a customer or partner controls — a ticket's subject and
/// message (through `paydesk intake`), a customer's name and a transaction's counterparty
/// (written straight into the store under test: the SQLite file, or its PostgreSQL copy
/// through psql) — shown in the real console in a real terminal (tmux). Nothing may reach
/// the terminal but text: the window title stays, no clipboard write (OSC 52) lands, no
/// hyperlink (OSC 8), no cursor movement, no device query, no C1 control, no bidi override
/// or invisible character. Invalid UTF-8 and NUL are written on SQLite only: SQLite keeps
/// any bytes in a TEXT column, PostgreSQL's text refuses them, so no row there holds them.
@Suite(.serialized) struct InjectionTerminalTests {
    /// Each marker that must never be seen sits inside a sequence a terminal would act on.
    static let hostile = [
        "\u{1B}]0;PWNED-TITLE\u{07}",                          // window title, BEL-terminated
        "\u{1B}]2;PWNED-TITLE2\u{1B}\\",                        // window title, ST-terminated
        "\u{1B}]52;c;UFdORUQtQ0xJUA==\u{07}",                   // clipboard write (PWNED-CLIP)
        "\u{1B}]8;;https://evil.example/PWNED-LINK\u{1B}\\link\u{1B}]8;;\u{1B}\\",  // hyperlink
        "\u{1B}[2J\u{1B}[H\u{1B}[31m\u{1B}[6n\u{1B}[21t\u{1B}[?1049l", // clear, move, colour, queries
        "\u{9B}31m\u{9D}0;PWNED-C1\u{07}\u{85}",                // 8-bit CSI, OSC and NEL
        "\u{1B}Pq#0;2;0;0;0PWNED-DCS\u{1B}\\",                  // DCS (sixel)
        "\u{202E}drow\u{2066}\u{200B}\u{FEFF}\u{200F}",          // bidi override, isolate, invisibles
        "\r\u{08}\u{7F}\t",                                     // carriage return, backspace, DEL
    ].joined()

    /// Foreign sequences a terminal would act on, to look for in what reached tmux.
    static let forbiddenInStream = ["\u{1B}]", "\u{1B}P", "\u{1B}[6n", "\u{1B}[21t", "PWNED", "\u{C2}\u{9B}", "\u{C2}\u{9D}"]

    @Test func hostileTextIsInertInTheConsole() throws {
        let db = try Harness.demoDatabase()
        // A customer with no payment ticket the contact could join: intake opens a new one.
        let customerId = try #require(try StoreUnderTest.integer(db, """
            SELECT MIN(id) FROM customers WHERE id NOT IN (SELECT customer_id FROM tickets WHERE category = 'payment' AND status != 'closed')
            """))
        let walletId = try #require(try StoreUnderTest.value(db, "SELECT wallet_id FROM customers WHERE id = \(customerId)"))

        // 1. Through intake: the subject and the message.
        let file = try Harness.tempDir().appendingPathComponent("chat.jsonl")
        let contact: [String: String] = [
            "id": "inject-1", "at": ISO8601DateFormatter().string(from: Date().addingTimeInterval(-300)),
            "wallet_id": walletId, "category": "payment",
            "subject": "VISSUBJ \(Self.hostile) tail", "body": "VISBODY \(Self.hostile) end\nsecond line",
        ]
        try String(decoding: JSONSerialization.data(withJSONObject: contact), as: UTF8.self)
            .write(to: file, atomically: true, encoding: .utf8)
        let intake = try Harness.run(["intake", "--channel", "app_chat", "--file", file.path, "--db", db, "--as", "ops", "--json"])
        #expect(intake.status == 0, "\(intake.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(intake.stdout.utf8)) as? [String: Any]
        let number = try #require((report?["items"] as? [[String: Any]])?.first?["ticket"] as? Int64)

        // 2. Straight into the store: raw bytes, and on SQLite invalid UTF-8 and a NUL too.
        let bytes = Array(Self.hostile.utf8) + Self.invalidText
        let text = StoreUnderTest.textExpression(bytes)
        try StoreUnderTest.execute(db, "UPDATE customers SET name = 'VISNAME ' || \(text) WHERE id = \(customerId)")
        try StoreUnderTest.execute(db, """
            UPDATE transactions SET counterparty = 'VISCP ' || \(text)
            WHERE id = (SELECT id FROM transactions WHERE customer_id = \(customerId) ORDER BY at DESC, id DESC LIMIT 1)
            """)
        // The store holds the text as written: the test is not passing on mangled data.
        let stored = try StoreUnderTest.value(db, "SELECT name FROM customers WHERE id = \(customerId)")
        #expect(stored?.contains("VISNAME " + Self.hostile) == true, "the store holds \(stored.debugDescription)")

        let session = try TmuxSession(command: try ServiceRouting.consoleCommand(db, as: "sari"), width: 200, height: 50)
        // Let tmux accept clipboard writes, so a leaked OSC 52 would show as a paste buffer,
        // and record every byte the console writes to the terminal.
        let stream = try Harness.tempDir().appendingPathComponent("pane.bytes").path
        try session.tmux(["set-option", "-s", "set-clipboard", "on"])
        try session.tmux(["pipe-pane", "-t", session.name, "-o", "cat >> \(TmuxSession.quote(stream))"])
        #expect(try session.waitFor("Queue").found)
        let titleBefore = try session.tmux(["display-message", "-p", "-t", session.name, "#{pane_title}"])

        try session.send(":"); try session.type("view all"); try session.send("Enter")
        try session.send("/"); try session.type("number:\(number)"); try session.send("Enter")
        let listed = try session.waitForScreen { $0.contains("VISSUBJ") && $0.contains("VISNAME") && $0.contains("VISCP") }
        #expect(listed.found, "the queue, account and transactions never showed the data:\n\(listed.screen)")
        try session.send("Enter")
        let opened = try session.waitFor("VISBODY")
        #expect(opened.found, "the timeline never showed the message:\n\(opened.screen)")

        let screen = try session.capture(colors: true)
        Self.expectOnlySGR(screen)
        #expect(!screen.contains("PWNED"), "text from inside an escape sequence is on screen")
        for scalar in screen.unicodeScalars where scalar != "\n" && scalar != "\u{1B}" {
            #expect(!Self.isControl(scalar.value), "U+\(String(scalar.value, radix: 16, uppercase: true)) reached the screen")
        }
        let titleAfter = try session.tmux(["display-message", "-p", "-t", session.name, "#{pane_title}"])
        #expect(titleAfter == titleBefore, "the window title changed to \(titleAfter)")
        #expect(!titleAfter.contains("PWNED"))
        let buffers = try session.tmux(["list-buffers"])
        #expect(buffers.isEmpty, "a clipboard write reached tmux: \(buffers)")

        try session.send("q")
        #expect(session.waitForExit() == 0)
        let written = (try? Data(contentsOf: URL(fileURLWithPath: stream))) ?? Data()
        #expect(written.count > 1_000, "pipe-pane recorded nothing")
        let streamText = String(decoding: written, as: UTF8.self)
        for forbidden in Self.forbiddenInStream {
            #expect(!streamText.contains(forbidden), "the console wrote \(forbidden.debugDescription) to the terminal")
        }
    }

    /// The command line prints the same data inert: no escape, no C1, no bidi control.
    @Test func hostileTextIsInertOnTheCommandLine() throws {
        let db = try Harness.demoDatabase()
        let wallet = try #require(try StoreUnderTest.value(db, "SELECT wallet_id FROM customers WHERE id = 8"))
        let created = try Harness.run(["ticket", "new", "--db", db, "--as", "sari", "--customer", wallet,
                                       "--subject", "VISSUBJ \(Self.hostile)", "--body", "VISBODY \(Self.hostile)",
                                       "--category", "payment"])
        #expect(created.status == 0, "\(created.stderr)")
        let number = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // The name ends in an invalid UTF-8 pair on SQLite (PostgreSQL's text cannot hold it).
        let name = StoreUnderTest.textExpression(Array(Self.hostile.utf8) + (StoreUnderTest.holdsOnlyValidText ? [] : [0xC3, 0x28]))
        try StoreUnderTest.execute(db, "UPDATE customers SET name = 'VISNAME ' || \(name) WHERE id = 8")
        try StoreUnderTest.execute(db, """
            UPDATE transactions SET counterparty = 'VISCP ' || \(StoreUnderTest.textExpression(Array(Self.hostile.utf8))) WHERE customer_id = 8
            """)
        for args in [["ticket", "show", number], ["ticket", "list", "--query", "VISSUBJ"], ["account", "show", wallet],
                     ["tx", "list", "--customer", wallet, "--limit", "3"]] {
            let r = try Harness.run(args + ["--db", db, "--as", "sari"])
            #expect(r.status == 0, "\(args): \(r.stderr)")
            // The account shows the name masked (V******); the rest show the text itself.
            #expect(r.stdout.contains(args[0] == "account" ? "V******" : "VIS"), "\(args) printed none of the data")
            for scalar in (r.stdout + r.stderr).unicodeScalars where scalar != "\n" {
                #expect(!Self.isControl(scalar.value), "\(args) printed U+\(String(scalar.value, radix: 16, uppercase: true))")
            }
            #expect(!r.stdout.contains("PWNED"))
        }
    }

    /// Invalid UTF-8 and a NUL, written after the hostile text on SQLite only: PostgreSQL's
    /// text refuses both, so the copy there cannot hold them.
    static var invalidText: [UInt8] {
        StoreUnderTest.holdsOnlyValidText ? [] : [0xC3, 0x28, 0xFF, 0xFE, 0x00, 0x41]
    }

    /// C0 and C1 controls, bidi controls and the invisible characters the sanitiser removes.
    static func isControl(_ v: UInt32) -> Bool {
        switch v {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200B, 0x200E, 0x200F, 0xFEFF: true
        default: false
        }
    }

    /// `capture-pane -e` re-encodes the screen: only the SGR sequences tmux writes for the
    /// colours and attributes of cells may appear in it.
    static func expectOnlySGR(_ capture: String) {
        let scalars = Array(capture.unicodeScalars)
        var i = 0
        while i < scalars.count {
            defer { i += 1 }
            guard scalars[i] == "\u{1B}" else { continue }
            var j = i + 1
            guard j < scalars.count, scalars[j] == "[" else {
                Issue.record("a non-CSI escape sequence on screen near \(String(String.UnicodeScalarView(scalars[i..<min(i + 12, scalars.count)])).debugDescription)")
                continue
            }
            j += 1
            while j < scalars.count, "0123456789;:".unicodeScalars.contains(scalars[j]) { j += 1 }
            if j >= scalars.count || scalars[j] != "m" {
                Issue.record("a non-SGR sequence on screen: \(String(String.UnicodeScalarView(scalars[i...min(j, scalars.count - 1)])).debugDescription)")
            }
            i = j
        }
    }
}
