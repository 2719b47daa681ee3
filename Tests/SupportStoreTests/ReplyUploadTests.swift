import Foundation
import GRDB
import Testing
import SupportCore
@testable import SupportStore

/// A reply's uploaded file: kept owner-only beside the database under a cleaned name,
/// refused when empty, too large or badly named, and never left behind by a refusal.
@Suite struct ReplyUploadTests {
    func keptFiles(_ f: TempStore) -> [String] {
        let root = f.store.path + ".attachments"
        return ((try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? []).filter { $0.contains(".") }.sorted()
    }

    @Test func theFileIsKeptPrivatelyUnderItsCleanedName() throws {
        let f = try TempStore()
        let (_, _, budi, dewi, customer) = try f.cast()
        let ticket = try f.newTicket(customer, channel: .appChat)
        try f.store.claim(ticket: ticket.number, by: budi)
        let bytes = Data("PK\u{3}\u{4} statement".utf8)
        try f.store.reply(ticket: ticket.number, body: "Terlampir.", attachmentName: "/home/budi/../x/\u{202E}slx.exe\u{1B}[0m.xlsx",
                          content: bytes, by: budi)
        let path = try #require(try f.store.read { db in try String.fetchOne(db, sql: "SELECT attachment_path FROM outbox WHERE attachment_path IS NOT NULL") })
        #expect(path.hasPrefix(f.store.path + ".attachments/") && path.hasSuffix("/slx.exe[0m.xlsx"))
        #expect(FileManager.default.contents(atPath: path) == bytes)
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
        #expect((try FileManager.default.attributesOfItem(atPath: f.store.path + ".attachments")[.posixPermissions] as? Int) == 0o700)
        #expect(try f.store.read { db in try String.fetchOne(db, sql: "SELECT channel FROM outbox WHERE attachment_path IS NOT NULL") } == "email")
        #expect(try f.store.timeline(ticketNumber: ticket.number).last { $0.kind == .reply }?.body == "Terlampir.\n📎 slx.exe[0m.xlsx")

        // Refusals: nothing is queued and nothing is left on disk.
        let before = keptFiles(f)
        for (name, content) in [("empty.pdf", Data()), ("..", bytes), (".hidden", bytes), ("\u{1B}\u{7}", bytes),
                                ("big.pdf", Data(count: SupportStore.uploadedAttachmentBytes + 1))] {
            #expect { try f.store.reply(ticket: ticket.number, body: "x", attachmentName: name, content: content, by: budi) }
                throws: { ($0 as? StoreError)?.kind == .invalid }
        }
        // Another agent's ticket: refused by the service, and the written file removed again.
        #expect(throws: StoreError.self) {
            try f.store.reply(ticket: ticket.number, body: "x", attachmentName: "s.pdf", content: bytes, by: dewi)
        }
        #expect(keptFiles(f) == before)
        #expect(try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE attachment_path IS NOT NULL") } == 1)
    }
}
