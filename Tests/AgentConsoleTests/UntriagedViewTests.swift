import Foundation
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// Mail no keyword rule understood waits in the Untriaged view until someone sets its category.
@Suite struct UntriagedViewTests {
    /// Imports one real message (no category header) from a demo customer.
    static func importMail(_ store: SupportStore, subject: String, body: String) throws -> Int64 {
        let customer = try store.customer(id: 1)
        let mail = """
            From: \(customer.name) <\(customer.email)>\r
            Subject: \(subject)\r
            Date: Wed, 25 Nov 2026 09:30:00 +0700\r
            Message-ID: <untriaged-\(UUID().uuidString)@mail.example>\r
            Content-Type: text/plain; charset=UTF-8\r
            \r
            \(body)\r

            """
        let batch = IntakeReader.read(data: Data(mail.utf8), name: "mail.eml", format: .eml, now: HeadlessConsole.now)
        let report = try store.importContacts(batch, channel: .email, by: try store.agent(login: "ops")!)
        return try #require(report.items.first).ticket
    }

    @Test func theUntriagedViewListsUnmatchedMailUntilItsCategoryIsSet() throws {
        let c = try HeadlessConsole(width: 120, height: 40)
        let number = try Self.importMail(c.store, subject: "Pertanyaan umum", body: "Halo, kantor buka jam berapa?")
        let matched = try Self.importMail(c.store, subject: "Tolong", body: "Saldo terpotong tapi transaksi gagal")
        #expect(try c.store.ticket(number: number).untriaged)
        #expect(try !c.store.ticket(number: matched).untriaged)
        c.press(.char(":")); c.type("refresh"); c.press(.enter)
        c.press(.char(":")); c.type("view untriaged"); c.press(.enter)
        #expect(c.state.queue.view == .untriaged)
        #expect(c.lines[0].contains("Untriaged 1"))
        #expect(c.text.contains("1 Queue: Untriaged"))
        #expect(c.text.contains(String(number)) && c.text.contains("Pertanyaan umum"))
        #expect(!c.text.contains("Saldo terpotong") && !c.text.contains("Tolong"))
        #expect(c.state.queue.window.rows.map(\.number) == [number])
        // Its stored category is a placeholder: the CAT column does not pretend otherwise.
        let row = try #require(c.lines.first { $0.contains(String(number)) && $0.contains("Pertanyaan umum") })
        #expect(row.contains(" — ") && !row.contains(SupportStore.untriagedPlaceholder.category.rawValue))

        // The timeline says why it is here; setting a category takes it out.
        c.press(.enter)
        #expect(c.text.contains("no keyword rule matched"))
        c.press(.char(":")); c.type("category account registration"); c.press(.enter)
        #expect(try !c.store.ticket(number: number).untriaged)
        #expect(c.text.contains("untriaged → account/registration"))
        c.press(.escape)
        #expect(c.state.queue.window.rows.isEmpty)
        #expect(c.lines[0].contains("Untriaged 0"))
    }

    @Test func anAgentCyclesIntoTheUntriagedViewWithV() throws {
        let c = try HeadlessConsole(width: 80, height: 24, login: "budi")
        _ = try Self.importMail(c.store, subject: "Hello", body: "Just saying hi")
        var seen: [QueueView] = []
        for _ in 0..<6 { c.press(.char("v")); seen.append(c.state.queue.view) }
        #expect(seen.contains(.untriaged))
        while c.state.queue.view != .untriaged { c.press(.char("v")) }
        #expect(c.text.contains("Untriaged"))
        #expect(c.text.contains("Hello"))
    }
}
