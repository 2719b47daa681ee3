import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// A folder of mail read on a thread of its own while the chunks before are imported:
/// the same contacts, rejections and report, in the same order, as reading it all first.
@Suite struct IntakeFolderReaderTests {
    /// 2026-11-25 09:00 +0700, an hour before the store's fixed now.
    static let firstDate = TempStore.fixedNow.addingTimeInterval(-3_600)

    /// `count` mails from two customers into a new folder of `t`: every third answers the
    /// mail before it of the same sender by In-Reply-To, and the file `broken` (if any) is
    /// no email at all. Returns the folder and, by file name, the Message-ID each mail answers.
    static func mailbox(_ t: TempStore, count: Int, broken: Int? = nil) throws -> (folder: String, answers: [String: String]) {
        let folder = t.dir.appendingPathComponent("inbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let dates = DateFormatter()
        dates.locale = Locale(identifier: "en_US_POSIX")
        dates.timeZone = TimeZone(identifier: "Asia/Jakarta")
        dates.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        var answers: [String: String] = [:]
        var lastBySender: [Int: Int] = [:]
        for i in 0..<count {
            let name = String(format: "%04d.eml", i)
            if i == broken {
                // A header block without a single header: nothing GMime can take for mail.
                try Data([0x00, 0x01, 0x02, 0x0A, 0x0A]).write(to: folder.appendingPathComponent(name))
                continue
            }
            let sender = i % 2
            var head = "From: Customer \(sender) <customer\(sender)@example.com>\r\n"
            head += "Date: \(dates.string(from: firstDate.addingTimeInterval(Double(i))))\r\n"
            head += "Message-ID: <m\(i)@mail.example>\r\nSubject: Saldo \(sender)\r\n"
            if i % 3 == 2, let parent = lastBySender[sender], parent != broken {
                head += "In-Reply-To: <m\(parent)@mail.example>\r\n"
                answers[name] = "m\(parent)@mail.example"
            }
            lastBySender[sender] = i
            let text = head + "Content-Type: text/plain; charset=utf-8\r\n\r\nPesan nomor \(i).\r\n"
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        return (folder.path, answers)
    }

    static func customers(_ t: TempStore) throws {
        for sender in 0..<2 {
            _ = try t.store.insertCustomerForTesting(name: "Customer \(sender)", phone: "+6281200000\(sender)00",
                                                     email: "customer\(sender)@example.com")
        }
    }

    @Test func chunksReadOnTheirOwnThreadComeInFileOrder() throws {
        let t = try TempStore()
        let (folder, _) = try Self.mailbox(t, count: 250, broken: 130)
        let whole = try IntakeReader.read(path: folder, format: .eml, defaults: IntakeDefaults(category: .payment), now: TempStore.fixedNow)
        let reader = try IntakeFolderReader(path: folder, defaults: IntakeDefaults(category: .payment), now: TempStore.fixedNow)
        reader.start()
        var chunks: [IntakeBatch] = []
        while let chunk = reader.next() { chunks.append(chunk) }
        #expect(chunks.allSatisfy { $0.contacts.count <= IntakeFolderReader.contactsPerChunk })
        #expect(chunks.map(\.contacts.count) == [100, 100, 49])
        #expect(chunks.flatMap(\.contacts) == whole.contacts)
        #expect(chunks.flatMap(\.rejections) == whole.rejections)
        #expect(chunks.map(\.files).reduce(0, +) == whole.files)
        #expect(whole.contacts.count == 249 && whole.rejections.count == 1)
        #expect(whole.rejections.first?.file.hasSuffix("0130.eml") == true)
        #expect(reader.next()?.contacts == nil)
    }

    @Test func aCancelledReaderHandsOverNothingMore() throws {
        let t = try TempStore()
        let (folder, _) = try Self.mailbox(t, count: 230)
        let reader = try IntakeFolderReader(path: folder, now: TempStore.fixedNow)
        reader.start()
        #expect(reader.next()?.contacts.count == 100)
        reader.cancel()
        #expect(reader.next()?.contacts == nil)
    }

    @Test func aPipelinedImportMatchesTheWholeBatchsAndRejectsOnlyTheBrokenFile() throws {
        // The same folder imported both ways into two identical stores.
        let sequential = try TempStore(), pipelined = try TempStore()
        let admins = try [sequential, pipelined].map { t in
            let admin = try t.cast().admin
            try Self.customers(t)
            return admin
        }
        let (folder, answers) = try Self.mailbox(pipelined, count: 260, broken: 150)
        let defaults = IntakeDefaults(category: .payment)
        let whole = try IntakeReader.read(path: folder, format: .eml, defaults: defaults, now: TempStore.fixedNow)
        let expected = try sequential.store.importContacts(whole, channel: .email, by: admins[0])

        let reader = try IntakeFolderReader(path: folder, defaults: defaults, now: TempStore.fixedNow)
        reader.start()
        defer { reader.cancel() }
        let report = try pipelined.store.importContacts(channel: .email, by: admins[1]) { reader.next() }

        #expect(report.items == expected.items)
        #expect(report.rejections == expected.rejections)
        #expect(report.summary == expected.summary)
        #expect(report.summary == "created 2, threaded 257, duplicates 0, rejected 1")
        #expect(report.files == 260)     // the broken file was read too
        #expect(report.rejections.map { URL(fileURLWithPath: $0.file).lastPathComponent } == ["0150.eml"])
        // In file order, and every reply in the ticket of the mail it answers.
        let files = report.items.map { URL(fileURLWithPath: $0.file).lastPathComponent }
        #expect(files == files.sorted() && files.count == 259)
        let ticketOf = Dictionary(uniqueKeysWithValues: report.items.map { ($0.sourceId, $0.ticket) })
        #expect(!answers.isEmpty)
        for item in report.items {
            guard let parent = answers[URL(fileURLWithPath: item.file).lastPathComponent] else { continue }
            #expect(ticketOf[parent] == item.ticket, "\(item.file)")
        }
        // One audit record for the run, with the rejection counted.
        let runs = try pipelined.store.read { db in
            try String.fetchAll(db, sql: "SELECT after FROM audit_log WHERE action = 'intake.run'")
        }
        #expect(runs == ["created 2, threaded 257, duplicates 0, rejected 1"])
    }

    @Test func aDatabaseFailureInAPipelinedImportKeepsWhatCameBefore() throws {
        let t = try TempStore()
        let admin = try t.cast().admin
        try Self.customers(t)
        let (folder, _) = try Self.mailbox(t, count: 240)
        try t.store.pool.write { db in
            try db.execute(sql: """
                CREATE TRIGGER boom BEFORE INSERT ON intake_messages WHEN NEW.source_id = 'm170@mail.example'
                BEGIN SELECT RAISE(ABORT, 'disk trouble'); END
                """)
        }
        let reader = try IntakeFolderReader(path: folder, defaults: IntakeDefaults(category: .payment), now: TempStore.fixedNow)
        reader.start()
        defer { reader.cancel() }
        #expect { try t.store.importContacts(channel: .email, by: admin) { reader.next() } } throws: { error in
            (error as? StoreError)?.message.contains("Intake stopped at \(folder)/0170.eml") == true
        }
        // The mails before the failing one are in (the failed transaction replayed a mail a
        // transaction); it and the rest are not.
        #expect(try t.store.intakeTicket(channel: .email, sourceId: "m169@mail.example") != nil)
        #expect(try t.store.intakeTicket(channel: .email, sourceId: "m170@mail.example") == nil)
        #expect(try t.store.intakeTicket(channel: .email, sourceId: "m171@mail.example") == nil)
        let imported = try t.store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM intake_messages")! }
        #expect(imported == 170)
    }
}
