import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// Intake writes its contacts' search rows once the transaction's contacts are in, not as
/// each message is recorded: the search index must still end up as if every contact had
/// committed alone — each imported message once, with its ticket, and nothing of a refused
/// contact or of a transaction that failed.
@Suite struct IntakeSearchRowsTests {
    static func searchRows(_ t: TempStore) throws -> [String] {
        try t.store.read { db in
            try Row.fetchAll(db, sql: "SELECT ticket_id, body FROM ticket_search ORDER BY rowid").map { row in
                "\(row["ticket_id"] as Int64): \(row["body"] as String)"
            }
        }
    }

    @Test func aBatchLeavesTheSearchRowsOfContactsCommittedOneByOne() throws {
        let together = try TempStore(), alone = try TempStore()
        let admins = try [together, alone].map { t in
            let admin = try t.cast().admin
            try IntakeFolderReaderTests.customers(t)
            return admin
        }
        let (folder, _) = try IntakeFolderReaderTests.mailbox(together, count: 150)
        var batch = try IntakeReader.read(path: folder, format: .eml, defaults: IntakeDefaults(category: .payment),
                                          now: TempStore.fixedNow)
        // Mails 7 and 120 (no In-Reply-To) open tickets of other categories, so that tickets
        // are opened (a subject row and a message row) far apart in the batch.
        batch.contacts[7].category = .technical
        batch.contacts[120].category = .account
        // A stranger in the first transaction, refused after the contacts before it.
        var stranger = batch.contacts[40]
        stranger.sourceId = "stranger@mail.example"
        stranger.email = "nobody@example.org"
        stranger.body = "Pesan orang asing"
        batch.contacts.insert(stranger, at: 41)

        let report = try together.store.importContacts(batch, channel: .email, by: admins[0])
        var reports: [IntakeReport] = []
        for contact in batch.contacts {
            reports.append(try alone.store.importContacts(IntakeBatch(contacts: [contact]), channel: .email, by: admins[1]))
        }
        #expect(report.items == reports.flatMap(\.items))
        #expect(report.rejected == 1 && report.rejections.first?.reason.hasPrefix("unknown customer") == true)
        #expect(report.summary == "created 4, threaded 146, duplicates 0, rejected 1")

        let rows = try Self.searchRows(together)
        #expect(rows == (try Self.searchRows(alone)))
        // One row per message and one per opened ticket's subject; none for the stranger.
        #expect(rows.count == 150 + report.created)
        #expect(!rows.contains { $0.hasSuffix("Pesan orang asing") })
        let counts = try together.store.read { db in
            try Int.fetchAll(db, sql: """
                SELECT COUNT(*) FROM ticket_search WHERE body LIKE 'Pesan nomor %' GROUP BY body
                """)
        }
        #expect(counts.count == 150 && counts.allSatisfy { $0 == 1 })
        // And the search finds a message in its ticket.
        let reply = try #require(report.items.first { $0.sourceId == "m99@mail.example" })
        let found = try together.store.read { db in
            try Int64.fetchAll(db, sql: """
                SELECT t.number FROM tickets t WHERE t.id IN (SELECT ticket_id FROM ticket_search WHERE ticket_search MATCH ?)
                """, arguments: ["\"Pesan nomor 99.\""])
        }
        #expect(found == [reply.ticket])
    }

    @Test func aFailedTransactionLeavesNoSearchRowsAndItsReplayWritesThemOnce() throws {
        let t = try TempStore()
        let admin = try t.cast().admin
        try IntakeFolderReaderTests.customers(t)
        let (folder, _) = try IntakeFolderReaderTests.mailbox(t, count: 240)
        try t.store.pool.write { db in
            try db.execute(sql: """
                CREATE TRIGGER boom BEFORE INSERT ON intake_messages WHEN NEW.source_id = 'm170@mail.example'
                BEGIN SELECT RAISE(ABORT, 'disk trouble'); END
                """)
        }
        let batch = try IntakeReader.read(path: folder, format: .eml, defaults: IntakeDefaults(category: .payment),
                                          now: TempStore.fixedNow)
        #expect(throws: StoreError.self) { try t.store.importContacts(batch, channel: .email, by: admin) }
        // The transaction holding mail 170 failed and was replayed a mail a transaction up
        // to the failing one: mails 0–169 are searchable once each, the rest not at all.
        let bodies = try t.store.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM ticket_search WHERE body LIKE 'Pesan nomor %' ORDER BY rowid")
        }
        #expect(bodies == (0..<170).map { "Pesan nomor \($0)." })
    }
}
