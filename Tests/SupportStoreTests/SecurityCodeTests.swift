import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// One-time codes: random, hashed at rest, single use, ten minutes, rate-limited, and
/// readable only through an outbox drain.
@Suite struct SecurityCodeTests {
    @Test func theCodeExistsOnlyInTheOutboxUntilDrainedThenNowhere() throws {
        let t = try TempStore()
        let c = try t.cast()
        let ticket = try t.security(c.customer)
        // Every text cell as it was before, so an unrelated cell that happens to contain
        // the same six digits (a phone number, say) is not mistaken for a leak.
        let before = try t.store.pool.read { db in try Self.allCells(db) }
        let dispatch = try t.store.forceCredentialReset(customerId: c.customer, reason: "customer forgot the PIN",
                                                        ticket: ticket.number, by: c.a)
        #expect(dispatch.channel == .sms)
        #expect(dispatch.destination == "+62 812-****-7890")
        #expect(dispatch.expiresAt == TempStore.fixedNow.addingTimeInterval(600))
        let code = try t.latestCodeInOutbox()
        #expect(code.count == 6)
        // Sealed to the delivery key even in the outbox: no cell holds it in plain.
        let leaks = try t.cells(containing: code).filter { !before.contains($0) }
        #expect(leaks.isEmpty, "the code is readable in the database: \(leaks)")
        // Stored as a keyed hash: neither the code nor its unsalted hash is there.
        try t.store.pool.read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT * FROM verification_codes"))
            #expect((row["code_hash"] as String).count == 64 && row["hash_scheme"] as String == "hmac")
            #expect((row["salt"] as String).count == 32)
            #expect(row["destination"] as String == "+62 812-****-7890")
        }
        // Nothing an agent can call returns it.
        let listed = try t.store.outboxList()
        #expect(listed.count == 1)
        #expect(!listed[0].body.contains(code) && listed[0].body.contains("••••••"))
        #expect(listed[0].destination == "+62 812-****-7890")
        #expect(listed[0].state == .pending)
        #expect(try t.store.timeline(ticketNumber: ticket.number).allSatisfy { !$0.body.contains(code) })
        #expect(try t.store.auditRecords(limit: 1_000).allSatisfy { !"\($0)".contains(code) })

        // Only an admin drains; the refusal is audited.
        let dir = t.dir.appendingPathComponent("deliveries").path
        #expect(refusal { try t.store.drainOutbox(to: dir, by: c.sup) }?.kind == .forbidden)
        #expect(try t.store.auditRecords(entity: "outbox").contains { $0.action == "refused:outbox.drain" })
        let report = try t.store.drainOutbox(to: dir, by: c.admin)
        #expect(report.delivered.count == 1)
        let file = try #require(report.delivered.first).path
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains(code) && text.contains("To: +6281234567890") && text.contains("Channel: sms"))
        let perms = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(perms == 0o600)
        // Gone from every table, and from the bytes of the database file and its log.
        #expect(try t.cells(containing: code).filter { !before.contains($0) }.isEmpty)
        let sentence = Data("Kode verifikasi Anda: \(code)".utf8)
        for suffix in ["", "-wal"] {
            if let raw = FileManager.default.contents(atPath: t.path + suffix) {
                #expect(raw.range(of: sentence) == nil, "the code is still in the bytes of t.sqlite\(suffix)")
            }
        }
        #expect(try t.store.outboxList().first?.state == .delivered)
        // Drained messages are not delivered twice.
        #expect(try t.store.drainOutbox(to: dir, by: c.admin).delivered.isEmpty)
        // The customer can still use the code they received.
        #expect(try t.store.verifyCode(customerId: c.customer, code: code).channel == .sms)
        let last = try #require(try t.store.timeline(ticketNumber: ticket.number).last)
        #expect(last.author == "customer" && last.kind == .securityAction && !last.body.contains(code))
    }

    @Test func aCodeWorksOnceAndExpiresAfterTenMinutes() throws {
        let t = try TempStore()
        let c = try t.cast()
        try t.store.forceCredentialReset(customerId: c.customer, reason: "forgot password", by: c.a)
        let code = try t.latestCodeInOutbox()
        let wrong = code == "000000" ? "000001" : "000000"
        let miss = refusal { try t.store.verifyCode(customerId: c.customer, code: wrong) }
        #expect(miss?.kind == .forbidden)
        #expect(miss?.message.contains("4 attempts left") == true)
        #expect(refusal { try t.store.verifyCode(customerId: c.customer, code: "12a456") }?.kind == .invalid)
        // Nine minutes later it still works, once.
        let nineLater = try t.later(9 * 60)
        #expect(try nineLater.verifyCode(customerId: c.customer, code: code).verifiedAt == TempStore.fixedNow.addingTimeInterval(540))
        let reuse = refusal { try nineLater.verifyCode(customerId: c.customer, code: code) }
        #expect(reuse?.kind == .conflict)
        #expect(reuse?.message.contains("already used") == true)

        // A second code, tried eleven minutes after it was sent.
        try t.store.forceCredentialReset(customerId: c.customer, reason: "customer did not finish", by: c.a)
        let second = try t.latestCodeInOutbox()
        let expired = refusal { try t.later(11 * 60).verifyCode(customerId: c.customer, code: second) }
        #expect(expired?.kind == .conflict)
        #expect(expired?.message.contains("expired") == true)
        // Exactly at ten minutes it is already over.
        #expect(refusal { try t.later(600).verifyCode(customerId: c.customer, code: second) }?.kind == .conflict)
        // Every attempt was audited, failures included.
        let attempts = try t.store.auditRecords(entity: "customer", entityId: String(c.customer), limit: 100)
            .filter { $0.action == "security.verify_code" }.compactMap(\.after)
        #expect(attempts.sorted() == ["result=ok", "result=refused", "result=refused", "result=refused", "result=wrong"]
            .map { "\($0) via=wallet" }.sorted())
        #expect(try t.store.verifyAuditChain() == .ok(records: try t.store.auditRecords(limit: 1_000).count))
    }

    @Test func aNewCodeCancelsTheOldOneAndFiveWrongTriesCancelBoth() throws {
        let t = try TempStore()
        let c = try t.cast()
        try t.store.forceCredentialReset(customerId: c.customer, reason: "forgot password", by: c.a)
        let first = try t.latestCodeInOutbox()
        try t.store.forceCredentialReset(customerId: c.customer, reason: "SMS never arrived", channel: .email, by: c.a)
        let second = try t.latestCodeInOutbox()
        // The undelivered first message was dropped and its code redacted.
        let list = try t.store.outboxList()
        #expect(list.map(\.state) == [.pending, .discarded])
        #expect(list[0].channel == .email && list[0].destination == "w***@example.com")
        #expect(try t.cells(containing: "Kode verifikasi Anda: \(first)").isEmpty)
        if first != second {
            #expect(refusal { try t.store.verifyCode(customerId: c.customer, code: first) }?.kind == .forbidden)
        }
        let wrong = second == "999999" ? "999998" : "999999"
        var last: StoreError?
        for _ in 0..<(first != second ? 4 : 5) {
            last = refusal { try t.store.verifyCode(customerId: c.customer, code: wrong) }
        }
        #expect(last?.message.contains("cancelled") == true)
        let after = refusal { try t.store.verifyCode(customerId: c.customer, code: second) }
        #expect(after?.kind == .conflict)
        #expect(after?.message.contains("cancelled") == true)
        // The cancelled code's message is never delivered.
        #expect(try t.store.outboxList(pendingOnly: true).isEmpty)
    }

    @Test func atMostThreeCodesPerAccountPerHour() throws {
        let t = try TempStore()
        let c = try t.cast()
        for minute in [0.0, 10, 20] {
            try t.later(minute * 60).forceCredentialReset(customerId: c.customer, reason: "retry", by: c.a)
        }
        let fourth = refusal { try t.later(30 * 60).forceCredentialReset(customerId: c.customer, reason: "retry", by: c.b) }
        #expect(fourth?.kind == .conflict)
        #expect(fourth?.message.contains("next can be sent at 11:00") == true)
        let state = try t.later(30 * 60).availableActions(for: try t.store.customer(id: c.customer), role: .agent)
        #expect(state.first { $0.kind == .forceCredentialReset }?.available == false)
        // The window rolls: an hour after the first, one more may go.
        try t.later(60 * 60 + 1).forceCredentialReset(customerId: c.customer, reason: "retry", by: c.a)
        #expect(refusal { try t.later(60 * 60 + 2).forceCredentialReset(customerId: c.customer, reason: "retry", by: c.a) }?.kind == .conflict)
        // Other customers are not affected.
        let other = try t.store.insertCustomerForTesting(name: "Siti", phone: "+6285711112222", email: "siti@example.com")
        try t.later(30 * 60).forceCredentialReset(customerId: other, reason: "forgot", by: c.a)
    }

    @Test func codesAreUniformSixDigitStrings() {
        var seen: Set<String> = []
        var firstDigits = [Int](repeating: 0, count: 10)
        for _ in 0..<5_000 {
            let code = OneTimeCode.generate()
            #expect(OneTimeCode.isWellFormed(code))
            seen.insert(code)
            firstDigits[Int(String(code.first!))!] += 1
        }
        #expect(seen.count > 4_950)
        // Leading zeros are kept: each first digit appears about 500 times in 5,000.
        #expect(firstDigits.allSatisfy { $0 > 350 && $0 < 650 })
        #expect(OneTimeCode.redact("kode 012345, 10 menit, ref 1234567") == "kode ••••••, 10 menit, ref •••••••")
        #expect(OneTimeCode.constantTimeEqual("abc", "abc") && !OneTimeCode.constantTimeEqual("abc", "abd"))
    }

    @Test func anExpiredUndeliveredCodeIsDiscardedNotSent() throws {
        let t = try TempStore()
        let c = try t.cast()
        try t.store.forceCredentialReset(customerId: c.customer, reason: "forgot", by: c.a)
        let code = try t.latestCodeInOutbox()
        let dir = t.dir.appendingPathComponent("late").path
        let report = try t.later(15 * 60).drainOutbox(to: dir, by: c.admin)
        #expect(report.delivered.isEmpty && report.discarded.count == 1)
        #expect(try t.cells(containing: "Kode verifikasi Anda: \(code)").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    static func allCells(_ db: Database) throws -> Set<String> {
        var cells: Set<String> = []
        for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'") {
            for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"") {
                for (column, value) in row { cells.insert("\(table).\(column)=\(value)") }
            }
        }
        return cells
    }
}
