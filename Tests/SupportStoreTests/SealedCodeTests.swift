import Crypto
import Foundation
import GRDB
import SupportCore
import Testing
import TestSupport
@testable import SupportStore

/// Issue 15, point 5: a one-time code is never at rest in plaintext. Its message is sealed
/// to the delivery key (HPKE), its hash is keyed with a pepper, and both secrets live in a
/// file outside the database — so these tests attack the database as a thief would.
@Suite struct SealedCodeTests {
    private func bytes(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }

    /// Places where `code` stands on its own in `data` (not inside a longer run of digits
    /// or hex, such as a timestamp or a hash): the way a code in any message would appear.
    private func standalone(_ code: String, in data: Data) -> Int {
        let needle = Data(code.utf8)
        func isWordByte(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
        var count = 0, from = data.startIndex
        while let hit = data.range(of: needle, in: from..<data.endIndex) {
            let before = hit.lowerBound > data.startIndex ? data[hit.lowerBound - 1] : 0x20
            let after = hit.upperBound < data.endIndex ? data[hit.upperBound] : 0x20
            if !isWordByte(before) && !isWordByte(after) { count += 1 }
            from = hit.lowerBound + 1
        }
        return count
    }

    private func assertNoPlaintext(_ t: TempStore, code: String, _ note: String) throws {
        let sentence = Data("Kode verifikasi Anda: \(code)".utf8)
        for suffix in ["", "-wal"] {
            let raw = bytes(t.path + suffix)
            #expect(raw.range(of: sentence) == nil, "the code message is in the bytes of t.sqlite\(suffix) \(note)")
            #expect(standalone(code, in: raw) == 0, "the code \(code) stands in the bytes of t.sqlite\(suffix) \(note)")
        }
    }

    @Test func noTableFileOrWalHoldsTheCodeWhileAReaderIsOpen() throws {
        let t = try TempStore()
        let c = try t.cast()
        let before = try t.store.pool.read { db in try SecurityCodeTests.allCells(db) }
        // Another process reading an old snapshot the whole time: nothing can be checkpointed,
        // so whatever the queueing wrote stays in the -wal for the grep to see.
        let reader = try DatabaseQueue(path: t.path)
        let reading = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            _ = try? reader.read { db in
                _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox")
                reading.signal()
                release.wait()
            }
            done.signal()
        }
        reading.wait()
        try t.store.forceCredentialReset(customerId: c.customer, reason: "forgot PIN", channel: .email, by: c.a)
        let code = try t.latestCodeInOutbox()
        #expect(bytes(t.path + "-wal").count > 0, "precondition: the queueing sits in the -wal")
        #expect(try t.cells(containing: code).filter { !before.contains($0) }.isEmpty)
        try t.store.pool.read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT body, sealed_body FROM outbox"))
            #expect((row["body"] as String).contains("••••••"))
            #expect((row["sealed_body"] as Data).count > DeliveryKey.encapsulatedCount + 16)
        }
        try assertNoPlaintext(t, code: code, "with a reader open")
        release.signal()
        done.wait()
        try reader.close()
    }

    @Test func aStolenCopyWithoutTheKeyFileCannotVerifyOrRecoverTheCode() throws {
        let t = try TempStore()
        let c = try t.cast()
        try t.store.forceCredentialReset(customerId: c.customer, reason: "forgot PIN", by: c.a)
        let code = try t.latestCodeInOutbox()
        // The thief's copy: the database (a consistent one, as a backup makes) and the audit
        // files, but not the delivery key.
        let copy = t.dir.appendingPathComponent("stolen.sqlite").path
        try t.store.pool.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [copy]) }
        for suffix in [".audit-key", ".audit-checkpoints"] {
            try FileManager.default.copyItem(atPath: t.path + suffix, toPath: copy + suffix)
        }
        // An older database's row (salted SHA-256, code 000042) shows the sweep below works.
        let legacySalt = OneTimeCode.salt()
        try DatabaseQueue(path: copy).write { db in
            try db.execute(sql: """
                INSERT INTO verification_codes (customer_id, code_hash, salt, channel, destination, created_at, expires_at, invalidated_at)
                VALUES (?, ?, ?, 'sms', 'x', 0, 1, 1)
                """, arguments: [c.customer, OneTimeCode.hash(code: "000042", salt: legacySalt), legacySalt])
        }
        // Offline brute force with only the database's contents: every one of the 10^6
        // codes under the salted SHA-256 scheme, against every stored hash.
        let rows = try DatabaseQueue(path: copy).read { db in
            try Row.fetchAll(db, sql: "SELECT salt, code_hash, hash_scheme FROM verification_codes")
        }
        var found: [String: String] = [:]
        for row in rows {
            let salt: String = row["salt"], target = try #require(Hex.data(row["code_hash"]))
            for n in 0..<1_000_000 {
                let digits = String(n), candidate = String(repeating: "0", count: 6 - digits.count) + digits
                if SHA256.hash(data: Data("paydesk-otp-v1:\(salt):\(candidate)".utf8)).elementsEqual(target) {
                    found[row["hash_scheme"]] = candidate
                    break
                }
            }
        }
        #expect(found == ["sha256": "000042"], "only the older row's code is recovered; the keyed one is not")
        // Nor is the message readable: the outbox holds it redacted, and sealed.
        let sealed = try #require(try DatabaseQueue(path: copy).read { db in
            try Row.fetchOne(db, sql: "SELECT body, sealed_body, channel, destination FROM outbox")
        })
        #expect(!(sealed["body"] as String).contains(code))
        let otherKey = try DeliveryKey.create(t.dir.appendingPathComponent("thief.delivery-key").path)
        #expect(throws: (any Error).self) {
            try otherKey.open(sealed["sealed_body"], context: SupportStore.sealContext(sealed["channel"], sealed["destination"]))
        }
        // Opened as a paydesk database, the copy refuses to check codes and names the file;
        // it does not quietly make itself a new key.
        let thief = try SupportStore(path: copy, create: false, clock: { TempStore.fixedNow })
        let refused = refusal { try thief.verifyCode(customerId: c.customer, code: code) }
        #expect(refused?.message.contains("delivery key \(copy).delivery-key is missing") == true, "\(String(describing: refused))")
        #expect(!FileManager.default.fileExists(atPath: copy + ".delivery-key"))
        // With the key, the same code works on the original.
        #expect(try t.store.verifyCode(customerId: c.customer, code: code).channel == .sms)
    }

    @Test func deliveryOpensTheSealAndTheCustomerGetsTheRightCodeBySMTP() throws {
        let t = try TempStore()
        let c = try t.cast()
        try t.store.forceCredentialReset(customerId: c.customer, reason: "forgot PIN", channel: .email, by: c.a)
        let code = try t.latestCodeInOutbox()
        let server = try MailDeliveryTests.SMTPServer(in: t.dir)
        let report = try t.store.deliver(DeliveryOptions(sendmail: MailDeliveryTests.msmtp(t.dir, port: server.port),
                                                         from: "Wallet Support <support@wallet.example>"), by: c.admin)
        #expect(report.sent.count == 1, "\(report)")
        let received = server.received()
        try #require(received.count == 1)
        let mail = try #require(MimeMessage.parse(received[0]))
        #expect(mail.text?.contains("Kode verifikasi Anda: \(code).") == true)
        // Sent: the sealed box is wiped, the body stays redacted, nothing is left to open.
        try t.store.pool.read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT body, sealed_body, delivered_at FROM outbox"))
            #expect(row["sealed_body"] as Data? == nil && row["delivered_at"] as Int64? != nil)
            #expect(!(row["body"] as String).contains(code))
        }
        try assertNoPlaintext(t, code: code, "after delivery")
        #expect(try t.store.verifyCode(customerId: c.customer, code: code).channel == .email)
    }

    @Test func aMissingKeyFileRefusesClearlyAndLosesNothing() throws {
        let t = try TempStore()
        let c = try t.cast()
        try t.store.forceCredentialReset(customerId: c.customer, reason: "forgot PIN", by: c.a)
        let code = try t.latestCodeInOutbox()
        let keyPath = t.store.deliveryKeyPath, aside = keyPath + ".aside"
        #expect(keyPath == t.path + ".delivery-key")
        let mode = try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        try FileManager.default.moveItem(atPath: keyPath, toPath: aside)

        // Delivery: the message fails this attempt with the reason and stays queued, sealed.
        let dir = t.dir.appendingPathComponent("deliveries").path
        let report = try t.store.deliver(DeliveryOptions(folder: dir), by: c.admin)
        #expect(report.sent.isEmpty && report.files.isEmpty && report.retrying.count == 1, "\(report)")
        let pending = try #require(try t.store.outboxList().first)
        #expect(pending.state == .pending && pending.lastError?.contains("delivery key \(keyPath) is missing") == true)
        #expect(try t.store.pool.read { db in try Data.fetchOne(db, sql: "SELECT sealed_body FROM outbox") } != nil)
        // Checking a code and sending a new one refuse the same way; nothing is queued.
        #expect(refusal { try t.store.verifyCode(customerId: c.customer, code: code) }?.message.contains("is missing") == true)
        #expect(refusal { try t.store.forceCredentialReset(customerId: c.customer, reason: "again", by: c.a) }?
            .message.contains("is missing") == true)
        #expect(try t.store.outboxList().count == 1)
        // Reopening the database does not re-key it either.
        _ = try t.later(1)
        #expect(!FileManager.default.fileExists(atPath: keyPath))
        guard case .failure(let status) = t.store.deliveryKeyStatus() else { Issue.record("the status must fail"); return }
        #expect(status.message.contains("is missing"))

        // The file is back: the next pass (after the retry delay) sends the right code.
        try FileManager.default.moveItem(atPath: aside, toPath: keyPath)
        let later = try t.later(120)
        let sent = try later.deliver(DeliveryOptions(folder: dir), by: c.admin)
        let file = try #require(sent.files.first).path
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("Kode verifikasi Anda: \(code)."))
        #expect(try later.verifyCode(customerId: c.customer, code: code).channel == .sms)
    }

    @Test func olderUnkeyedCodesStillVerifyAndAnotherKeyIsRefused() throws {
        let t = try TempStore()
        let c = try t.cast()
        // A code queued before sealed codes existed: salted SHA-256, no key needed.
        let salt = OneTimeCode.salt()
        try t.store.pool.write { db in
            try db.execute(sql: """
                INSERT INTO verification_codes (customer_id, code_hash, salt, channel, destination, created_at, expires_at)
                VALUES (?, ?, ?, 'sms', 'x', ?, ?)
                """, arguments: [c.customer, OneTimeCode.hash(code: "246810", salt: salt), salt,
                                 TempStore.fixedNow.epoch, TempStore.fixedNow.epoch + 600])
        }
        let keyPath = t.store.deliveryKeyPath
        try FileManager.default.moveItem(atPath: keyPath, toPath: keyPath + ".aside")
        #expect(try t.store.verifyCode(customerId: c.customer, code: "246810").channel == .sms)
        // Another database's key file in its place is named as such, not used.
        try FileManager.default.moveItem(atPath: keyPath + ".aside", toPath: keyPath + ".mine")
        _ = try DeliveryKey.create(keyPath)
        let refused = refusal { try t.store.forceCredentialReset(customerId: c.customer, reason: "forgot PIN", by: c.a) }
        #expect(refused?.message.contains("is not the one this database's codes are sealed to") == true, "\(String(describing: refused))")
    }
}
