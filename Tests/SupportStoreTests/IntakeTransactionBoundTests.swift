import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// An intake transaction takes contacts across the reader's chunks, up to a count or a
/// time (`IntakeTransactionBound`). Wherever its boundaries fall, a run must leave what
/// contacts committed one by one leave; a database failure in a large transaction must
/// keep every contact before the failing one, once, and a rerun must import the rest once.
@Suite struct IntakeTransactionBoundTests {
    static let defaults = IntakeDefaults(category: .payment)
    static let wholeRun = IntakeTransactionBound(contacts: 1_000, seconds: .infinity)

    static func store() throws -> (TempStore, Agent) {
        let t = try TempStore()
        let admin = try t.cast().admin
        try IntakeFolderReaderTests.customers(t)
        return (t, admin)
    }

    /// Imports the folder as `paydesk intake` does (read on a thread while importing), or as
    /// one batch read first.
    static func importFolder(_ t: TempStore, _ folder: String, by admin: Agent, bound: IntakeTransactionBound,
                             pipelined: Bool) throws -> IntakeReport {
        guard pipelined else {
            let batch = try IntakeReader.read(path: folder, format: .eml, defaults: defaults, now: TempStore.fixedNow)
            return try t.store.importContacts(batch, channel: .email, by: admin, bound: bound)
        }
        let reader = try IntakeFolderReader(path: folder, defaults: defaults, now: TempStore.fixedNow)
        reader.start()
        defer { reader.cancel() }
        return try t.store.importContacts(channel: .email, by: admin, bound: bound) { reader.next() }
    }

    /// The number in every imported message's id (`m17@mail.example` → 17), as stored.
    static func importedMails(_ t: TempStore) throws -> [Int] {
        try t.store.read { db in
            try String.fetchAll(db, sql: "SELECT source_id FROM intake_messages WHERE source_id LIKE 'm%@mail.example'")
        }.compactMap { Int($0.dropFirst().prefix { $0.isNumber }) }.sorted()
    }

    /// How many times each mail's text is in the timeline and in the search index.
    static func copies(_ t: TempStore, of table: String) throws -> [Int] {
        try t.store.read { db in
            try Int.fetchAll(db, sql: "SELECT COUNT(*) FROM \(table) WHERE body LIKE 'Pesan nomor %' GROUP BY body")
        }
    }

    static func runRecords(_ t: TempStore) throws -> [String] {
        try t.store.read { db in try String.fetchAll(db, sql: "SELECT after FROM audit_log WHERE action = 'intake.run' ORDER BY id") }
    }

    @Test(arguments: [false, true])
    func aFailureInALargeTransactionKeepsTheMailsBeforeItOnceAndARerunImportsTheRestOnce(pipelined: Bool) throws {
        let (t, admin) = try Self.store()
        let (folder, _) = try IntakeFolderReaderTests.mailbox(t, count: 600)
        try t.store.pool.write { db in
            try db.execute(sql: """
                CREATE TRIGGER boom BEFORE INSERT ON intake_messages WHEN NEW.source_id = 'm450@mail.example'
                BEGIN SELECT RAISE(ABORT, 'disk trouble'); END
                """)
        }
        // All 600 mails in one transaction: the failure at mail 450 rolls back 0–449 with it.
        #expect { try Self.importFolder(t, folder, by: admin, bound: Self.wholeRun, pipelined: pipelined) } throws: { error in
            (error as? StoreError)?.message.contains("Intake stopped at \(folder)/0450.eml") == true
        }
        // Gone over again a mail a transaction up to the failing one: mails 0–449 once each.
        #expect(try Self.importedMails(t) == Array(0..<450))
        #expect(try Self.copies(t, of: "ticket_events") == Array(repeating: 1, count: 450))
        #expect(try Self.copies(t, of: "ticket_search") == Array(repeating: 1, count: 450))
        // The run did not finish: no record of it.
        #expect(try Self.runRecords(t) == [])

        try t.store.pool.write { db in try db.execute(sql: "DROP TRIGGER boom") }
        let rerun = try Self.importFolder(t, folder, by: admin, bound: Self.wholeRun, pipelined: pipelined)
        #expect(rerun.duplicates == 450 && rerun.created + rerun.threaded == 150 && rerun.rejected == 0)
        #expect(try Self.importedMails(t) == Array(0..<600))
        #expect(try Self.copies(t, of: "ticket_events") == Array(repeating: 1, count: 600))
        #expect(try Self.copies(t, of: "ticket_search") == Array(repeating: 1, count: 600))
        #expect(try Self.runRecords(t) == [rerun.summary])
    }

    @Test func whereverTheTransactionsEndTheRunLeavesWhatContactsCommittedAloneLeave() throws {
        // One transaction a mail; seven a transaction (across the reader's chunks of a
        // hundred); the time spent up at once, so each transaction takes one; the whole run.
        let bounds = [IntakeTransactionBound(contacts: 1, seconds: .infinity), IntakeTransactionBound(contacts: 7, seconds: .infinity),
                      IntakeTransactionBound(contacts: 1_000, seconds: 0), Self.wholeRun]
        var outcomes: [(report: IntakeReport, search: [String], runs: [String])] = []
        var folder = ""
        for bound in bounds {
            let (t, admin) = try Self.store()
            if folder.isEmpty { folder = try IntakeFolderReaderTests.mailbox(t, count: 260, broken: 150).folder }
            let report = try Self.importFolder(t, folder, by: admin, bound: bound, pipelined: true)
            outcomes.append((report, try IntakeSearchRowsTests.searchRows(t), try Self.runRecords(t)))
        }
        let alone = outcomes[0]
        #expect(alone.report.summary == "created 2, threaded 257, duplicates 0, rejected 1")
        #expect(alone.report.files == 260)
        #expect(alone.search.count == 259 + 2)
        #expect(alone.runs == [alone.report.summary])
        for other in outcomes.dropFirst() {
            #expect(other.report.items == alone.report.items)
            #expect(other.report.rejections == alone.report.rejections)
            #expect(other.report.summary == alone.report.summary && other.report.files == alone.report.files)
            #expect(other.search == alone.search)
            #expect(other.runs == alone.runs)
        }
    }

    @Test func aRunOfRejectionsOnlyStillRecordsItself() throws {
        let (t, admin) = try Self.store()
        let (folder, _) = try IntakeFolderReaderTests.mailbox(t, count: 1, broken: 0)
        let report = try Self.importFolder(t, folder, by: admin, bound: IntakeTransactionBound.sqlite, pipelined: true)
        #expect(report.summary == "created 0, threaded 0, duplicates 0, rejected 1" && report.files == 1)
        #expect(try Self.runRecords(t) == [report.summary])
    }
}
