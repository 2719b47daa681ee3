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

    /// Several files on one reply: each kept under its own name, all named on the
    /// timeline, all in the outbox row; over a limit (5 MiB each, 10 MiB together, ten
    /// files) the reply is refused whole and nothing is written or queued.
    @Test func severalFilesGoOnOneReplyAndALimitRefusesThemAll() throws {
        let f = try TempStore()
        let (_, _, budi, _, customer) = try f.cast()
        let ticket = try f.newTicket(customer, channel: .email)
        try f.store.claim(ticket: ticket.number, by: budi)
        let five = SupportStore.uploadedAttachmentBytes
        #expect(SupportStore.uploadedAttachmentsTotalBytes == 2 * five)
        let files = [ReplyFile(name: "mutasi.xlsx", content: Data(repeating: 1, count: five)),
                     ReplyFile(name: "mutasi-交易.pdf", content: Data(repeating: 2, count: five))]
        try f.store.reply(ticket: ticket.number, body: "Terlampir.", files: files, by: budi)
        let stored = try #require(try f.store.read { db in try String.fetchOne(db, sql: "SELECT attachment_path FROM outbox WHERE attachment_path IS NOT NULL") })
        let paths = OutboxAttachments.decode(stored)
        #expect(paths.map { ($0 as NSString).lastPathComponent } == ["mutasi.xlsx", "mutasi-交易.pdf"])
        #expect(paths.map { FileManager.default.contents(atPath: $0) } == files.map(\.content))
        #expect(try f.store.timeline(ticketNumber: ticket.number).last { $0.kind == .reply }?.body == "Terlampir.\n📎 mutasi.xlsx\n📎 mutasi-交易.pdf")

        let before = keptFiles(f)
        let refusals: [([ReplyFile], String)] = [
            ([ReplyFile(name: "a.pdf", content: Data(count: five)), ReplyFile(name: "b.pdf", content: Data(count: five)),
              ReplyFile(name: "c.pdf", content: Data(count: 1))], "together is over the 10 MiB"),
            ([ReplyFile(name: "a.pdf", content: Data(count: 1)), ReplyFile(name: "big.pdf", content: Data(count: five + 1))], "over the 5 MiB one file"),
            ((0..<11).map { ReplyFile(name: "f\($0).pdf", content: Data(count: 1)) }, "at most 10 files"),
            ([ReplyFile(name: "a.pdf", content: Data(count: 1)), ReplyFile(name: "..", content: Data(count: 1))], "cannot be an attachment's name"),
        ]
        for (files, says) in refusals {
            #expect { try f.store.reply(ticket: ticket.number, body: "x", files: files, by: budi) }
                throws: { ($0 as? StoreError)?.kind == .invalid && ($0 as? StoreError)?.message.contains(says) == true }
        }
        #expect(keptFiles(f) == before)
        #expect(try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE attachment_path IS NOT NULL") } == 1)
    }

    /// A refusal after the files were written (the ticket is someone else's) removes every
    /// one of them, not only the last.
    @Test func aRefusedReplyRemovesEveryFileItWrote() throws {
        let f = try TempStore()
        let (_, _, budi, dewi, customer) = try f.cast()
        let ticket = try f.newTicket(customer, channel: .email)
        try f.store.claim(ticket: ticket.number, by: budi)
        let files = (1...3).map { ReplyFile(name: "s\($0).pdf", content: Data("%PDF \($0)".utf8)) }
        #expect(throws: StoreError.self) { try f.store.reply(ticket: ticket.number, body: "x", files: files, by: dewi) }
        #expect(keptFiles(f) == [])
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: f.store.path + ".attachments")) ?? []) == [])
    }
}
