import Foundation
import GRDB
import Testing
import SupportCore
@testable import SupportStore

/// A reply's uploaded file: kept in the database with its queued message under a cleaned
/// name, refused when empty, too large or badly named, and never left behind by a refusal.
@Suite struct ReplyUploadTests {
    /// Every stored file: its message, place, name and bytes.
    func keptFiles(_ f: TempStore) throws -> [String] {
        try f.store.read { db in
            try Row.fetchAll(db, sql: "SELECT outbox_id, position, name, content FROM outbox_files ORDER BY outbox_id, position")
                .map { "\($0["outbox_id"] as Int64)/\($0["position"] as Int) \($0["name"] as String) \(($0["content"] as Data).count)" }
        }
    }

    func storedFiles(_ f: TempStore) throws -> [ReplyFile] {
        try f.store.read { db in
            try Row.fetchAll(db, sql: "SELECT name, content FROM outbox_files ORDER BY outbox_id, position")
                .map { ReplyFile(name: $0["name"], content: $0["content"]) }
        }
    }

    @Test func theFileIsKeptPrivatelyUnderItsCleanedName() throws {
        let f = try TempStore()
        let (_, _, budi, dewi, customer) = try f.cast()
        let ticket = try f.newTicket(customer, channel: .appChat)
        try f.store.claim(ticket: ticket.number, by: budi)
        let bytes = Data("PK\u{3}\u{4} statement".utf8)
        try f.store.reply(ticket: ticket.number, body: "Terlampir.", attachmentName: "/home/budi/../x/\u{202E}slx.exe\u{1B}[0m.xlsx",
                          content: bytes, by: budi)
        #expect(try storedFiles(f) == [ReplyFile(name: "slx.exe[0m.xlsx", content: bytes)])
        #expect(try f.store.read { db in
            try String.fetchAll(db, sql: "SELECT o.channel FROM outbox o JOIN outbox_files f ON f.outbox_id = o.id")
        } == ["email"])
        // Nothing is written beside the database any more.
        #expect(!FileManager.default.fileExists(atPath: f.store.path + ".attachments"))
        #expect(try f.store.timeline(ticketNumber: ticket.number).last { $0.kind == .reply }?.body == "Terlampir.\n📎 slx.exe[0m.xlsx")

        // Refusals: nothing is queued and nothing is stored.
        let before = try keptFiles(f)
        for (name, content) in [("empty.pdf", Data()), ("..", bytes), (".hidden", bytes), ("\u{1B}\u{7}", bytes),
                                ("big.pdf", Data(count: SupportStore.uploadedAttachmentBytes + 1))] {
            #expect { try f.store.reply(ticket: ticket.number, body: "x", attachmentName: name, content: content, by: budi) }
                throws: { ($0 as? StoreError)?.kind == .invalid }
        }
        // Another agent's ticket: refused by the service, and nothing of the file kept.
        #expect(throws: StoreError.self) {
            try f.store.reply(ticket: ticket.number, body: "x", attachmentName: "s.pdf", content: bytes, by: dewi)
        }
        #expect(try keptFiles(f) == before)
        #expect(try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT outbox_id) FROM outbox_files") } == 1)
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
        #expect(try storedFiles(f) == files)
        #expect(try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT outbox_id) FROM outbox_files") } == 1)
        #expect(try f.store.timeline(ticketNumber: ticket.number).last { $0.kind == .reply }?.body == "Terlampir.\n📎 mutasi.xlsx\n📎 mutasi-交易.pdf")

        let before = try keptFiles(f)
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
        #expect(try keptFiles(f) == before)
        #expect(try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT outbox_id) FROM outbox_files") } == 1)
    }

    /// A refusal inside the reply's transaction (the ticket is someone else's) keeps none
    /// of its files, not only the last.
    @Test func aRefusedReplyKeepsNoneOfItsFiles() throws {
        let f = try TempStore()
        let (_, _, budi, dewi, customer) = try f.cast()
        let ticket = try f.newTicket(customer, channel: .email)
        try f.store.claim(ticket: ticket.number, by: budi)
        let files = (1...3).map { ReplyFile(name: "s\($0).pdf", content: Data("%PDF \($0)".utf8)) }
        let queued = try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") }
        #expect(throws: StoreError.self) { try f.store.reply(ticket: ticket.number, body: "x", files: files, by: dewi) }
        #expect(try keptFiles(f) == [])
        #expect(try f.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") } == queued)
    }
}
