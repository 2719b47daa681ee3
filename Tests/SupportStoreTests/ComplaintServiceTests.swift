import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// A Jakarta wall-clock time, so the deadlines below read like a calendar.
private func wib(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = BusinessCalendar.jakarta
    return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))!
}

private func kind(_ body: () throws -> Void) -> StoreError.Kind? {
    do { try body(); return nil } catch let e as StoreError { return e.kind } catch { return .other }
}

@Suite struct ComplaintServiceTests {
    /// Monday 21 December 2026, 10:00 in Jakarta: after a complaint that came in on the
    /// Friday before the Christmas and New Year holidays.
    static let monday = wib(2026, 12, 21, 10)

    private func complaintTicket(_ t: TempStore, _ customer: Int64, at: Date? = nil, subcategory: String = "complaint") throws -> Ticket {
        try t.store.createTicket(NewTicket(customerId: customer, subject: "Saldo terpotong dua kali",
                                           body: "Saya dipotong dua kali untuk satu pembayaran", category: .complaint,
                                           subcategory: subcategory, channel: .phone, priority: .p2, at: at), by: nil)
    }

    @Test func theDeadlineCountsTwentyWorkingDaysFromReceiptSkippingHolidays() throws {
        let t = try TempStore(now: Self.monday)
        let c = try t.cast()
        let ticket = try complaintTicket(t, c.customer, at: wib(2026, 12, 18, 16, 45))
        let record = try t.store.openComplaint(ticket: ticket.number, statement: "Charged twice at Indomaret",
                                               expectedOutcome: "Refund of the second charge", by: c.a)
        #expect(record.level == .agent)
        #expect(record.workingDays == 20)
        #expect(record.receivedAt == wib(2026, 12, 18, 16, 45))
        // 24, 25 December and 1 January are holidays in the store's calendar.
        #expect(record.dueAt == wib(2027, 1, 20, 20))
        #expect(record.openedBy == "budi")
        let clock = record.clock(now: Self.monday)
        #expect(clock.state == .ok)
        #expect(clock.text == "19 wd 10h left")
        #expect(try t.store.complaint(ticket: ticket.number) == record)
        let note = try t.store.timeline(ticketNumber: ticket.number).last!
        #expect(note.kind == .note && note.body.contains("2027-01-20 20:00"))
        let audit = try t.store.auditRecords(entity: "ticket", entityId: String(ticket.number))
        #expect(audit.first?.action == "complaint.open")
    }

    @Test func theWorkingDaysAreSetPerDatabaseByAnAdmin() throws {
        let t = try TempStore(now: Self.monday)
        let c = try t.cast()
        #expect(try t.store.complaintWorkingDays() == 20)
        #expect(kind { try t.store.setComplaintWorkingDays(10, by: c.sup) } == .forbidden)
        #expect(try t.store.auditRecords(entity: "settings").first?.action == "refused:complaint.settings")
        #expect(kind { try t.store.setComplaintWorkingDays(0, by: c.admin) } == .invalid)
        try t.store.setComplaintWorkingDays(10, by: c.admin)
        #expect(try t.store.complaintWorkingDays() == 10)
        let ticket = try complaintTicket(t, c.customer, at: wib(2026, 12, 18, 9))
        let record = try t.store.openComplaint(ticket: ticket.number, statement: "s", expectedOutcome: "e", by: c.a)
        #expect(record.workingDays == 10)
        #expect(record.dueAt == wib(2027, 1, 6, 20))
    }

    @Test func aComplaintRecordGoesOnlyOnAnOpenComplaintTicketOnce() throws {
        let t = try TempStore()
        let c = try t.cast()
        let payment = try t.newTicket(c.customer)
        #expect(kind { try t.store.openComplaint(ticket: payment.number, statement: "s", expectedOutcome: "e", by: c.a) } == .conflict)
        let suggestion = try complaintTicket(t, c.customer, subcategory: "suggestion")
        #expect(kind { try t.store.openComplaint(ticket: suggestion.number, statement: "s", expectedOutcome: "e", by: c.a) } == .conflict)
        let ticket = try complaintTicket(t, c.customer)
        #expect(kind { try t.store.openComplaint(ticket: ticket.number, statement: "  ", expectedOutcome: "e", by: c.a) } == .invalid)
        try t.store.claim(ticket: ticket.number, by: c.a)
        // Agents work their own and unassigned tickets only.
        #expect(kind { try t.store.openComplaint(ticket: ticket.number, statement: "s", expectedOutcome: "e", by: c.b) } == .forbidden)
        try t.store.openComplaint(ticket: ticket.number, statement: "s", expectedOutcome: "e", by: c.a)
        #expect(kind { try t.store.openComplaint(ticket: ticket.number, statement: "s", expectedOutcome: "e", by: c.a) } == .conflict)
        #expect(try t.store.complaint(ticket: payment.number) == nil)
        #expect(kind { _ = try t.store.complaint(ticket: 999_999) } == .notFound)
    }

    @Test func evidenceAndDecisionsAreKeptInOrderAndAppendOnly() throws {
        let t = try TempStore()
        let c = try t.cast()
        try t.store.pool.write { db in
            try db.execute(sql: """
                INSERT INTO transactions (reference, customer_id, type, status, amount, counterparty, channel, at)
                VALUES ('TX-9001', ?, 'payment', 'success', 5000000, 'Indomaret', 'qr', ?)
                """, arguments: [c.customer, TempStore.fixedNow.epoch - 3_600])
        }
        let n = try complaintTicket(t, c.customer).number
        try t.store.openComplaint(ticket: n, statement: "Charged twice", expectedOutcome: "Refund", by: c.a)
        try t.store.addEvidence(ticket: n, kind: .chatExcerpt, text: "Customer: saya dipotong 2x\nAgent: kami cek", by: c.a)
        try t.store.addEvidence(ticket: n, kind: .screenshot, text: "evidence/1042/receipt.png", by: c.a)
        try t.store.addEvidence(ticket: n, kind: .transaction, text: "TX-9001", by: c.a)
        // A reference that is not this customer's transaction is refused.
        #expect(kind { try t.store.addEvidence(ticket: n, kind: .transaction, text: "TX-0000", by: c.a) } == .notFound)
        #expect(kind { try t.store.addEvidence(ticket: n, kind: .statement, text: "a\u{0}b", by: c.a) } == .invalid)
        try t.store.recordDecision(ticket: n, text: "Second charge confirmed; refund approved", by: c.a)
        let record = try #require(try t.store.complaint(ticket: n))
        #expect(record.evidence.map(\.kind) == [.chatExcerpt, .screenshot, .transaction])
        #expect(record.evidence[0].text == "Customer: saya dipotong 2x\nAgent: kami cek")
        #expect(record.evidence.allSatisfy { $0.addedBy == "budi" && $0.addedAt == TempStore.fixedNow })
        #expect(record.decisions.map(\.text) == ["Second charge confirmed; refund approved"])
        #expect(record.decisions[0].level == .agent)
        let notes = try t.store.timeline(ticketNumber: n).filter { $0.kind == .note }.map(\.body)
        #expect(notes.contains { $0.hasPrefix("Complaint evidence (chat): Customer: saya dipotong 2x…") })
        #expect(notes.contains("Complaint decision (agent): Second charge confirmed; refund approved"))
        #expect(throws: (any Error).self) {
            try t.store.pool.write { db in try db.execute(sql: "UPDATE complaint_evidence SET body = 'edited'") }
        }
        #expect(throws: (any Error).self) {
            try t.store.pool.write { db in try db.execute(sql: "DELETE FROM complaint_decisions") }
        }
    }

    @Test func escalationFollowsTheLadderAndRefusalsAreAudited() throws {
        let t = try TempStore()
        let c = try t.cast()
        let n = try complaintTicket(t, c.customer).number
        try t.store.claim(ticket: n, by: c.a)
        try t.store.openComplaint(ticket: n, statement: "s", expectedOutcome: "e", by: c.a)
        // An agent cannot jump to management: forbidden, and the refusal is audited.
        #expect(kind { try t.store.escalateComplaint(ticket: n, to: .management, reason: "faster", by: c.a) } == .forbidden)
        let refusal = try #require(try t.store.auditRecords(entity: "ticket", entityId: String(n)).first)
        #expect(refusal.action == "refused:complaint.escalate")
        #expect(refusal.actor == "budi")
        #expect(refusal.reason?.contains("may not escalate a complaint to management") == true)
        // A reason is required.
        #expect(kind { try t.store.escalateComplaint(ticket: n, to: .supervisor, reason: " ", by: c.a) } == .invalid)
        // Another agent may not escalate budi's ticket.
        #expect(kind { try t.store.escalateComplaint(ticket: n, to: .supervisor, reason: "r", by: c.b) } == .forbidden)
        var record = try t.store.escalateComplaint(ticket: n, to: .supervisor, reason: "Customer rejects the refund timeline", by: c.a)
        #expect(record.level == .supervisor)
        let step = try #require(try t.store.auditRecords(entity: "ticket", entityId: String(n)).first)
        #expect(step.action == "complaint.escalate")
        #expect(step.before == "level=agent" && step.after == "level=supervisor")
        #expect(step.reason == "Customer rejects the refund timeline")
        // Now the agent may neither close it nor move it further.
        #expect(kind { try t.store.closeComplaint(ticket: n, outcome: "o", accepted: true, by: c.a) } == .forbidden)
        #expect(kind { try t.store.escalateComplaint(ticket: n, to: .management, reason: "r", by: c.a) } == .forbidden)
        // Going back or staying is a conflict with the complaint's state, not a permission matter.
        #expect(kind { try t.store.escalateComplaint(ticket: n, to: .supervisor, reason: "r", by: c.sup) } == .conflict)
        // Supervisors take it to management, but not to the regulator.
        record = try t.store.escalateComplaint(ticket: n, to: .management, reason: "Refund above team limit", by: c.sup)
        #expect(record.level == .management)
        #expect(kind { try t.store.escalateComplaint(ticket: n, to: .regulator, reason: "r", by: c.sup) } == .forbidden)
        record = try t.store.escalateComplaint(ticket: n, to: .regulator, reason: "Customer filed with Bank Indonesia", by: c.admin)
        #expect(record.level == .regulator)
        #expect(record.escalations.map { "\($0.from.rawValue)>\($0.to.rawValue) \($0.by)" }
                == ["agent>supervisor budi", "supervisor>management sari", "management>regulator root"])
        let refused = try t.store.auditRecords(entity: "ticket", entityId: String(n)).filter { $0.action == "refused:complaint.escalate" }
        #expect(refused.count == 4)
        #expect(try t.store.verifyAuditChain() == .ok(records: try t.store.auditRecords(limit: 1000).count))
    }

    @Test func nobodySkipsALevelNotEvenAnAdmin() throws {
        let t = try TempStore()
        let c = try t.cast()
        let n = try complaintTicket(t, c.customer).number
        try t.store.openComplaint(ticket: n, statement: "s", expectedOutcome: "e", by: c.sup)
        #expect(kind { try t.store.escalateComplaint(ticket: n, to: .management, reason: "r", by: c.sup) } == .conflict)
        #expect(kind { try t.store.escalateComplaint(ticket: n, to: .regulator, reason: "r", by: c.admin) } == .conflict)
        #expect(try t.store.complaint(ticket: n)?.level == .agent)
    }

    @Test func closingRecordsTheOutcomeAndSolvesTheTicket() throws {
        let t = try TempStore()
        let c = try t.cast()
        let n = try complaintTicket(t, c.customer).number
        try t.store.claim(ticket: n, by: c.a)
        try t.store.openComplaint(ticket: n, statement: "s", expectedOutcome: "Refund", by: c.a)
        #expect(kind { try t.store.closeComplaint(ticket: n, outcome: "", accepted: true, by: c.a) } == .invalid)
        let record = try t.store.closeComplaint(ticket: n, outcome: "Refunded Rp50.000 on 25/11", accepted: true, by: c.a)
        #expect(record.isClosed)
        #expect(record.outcome == "Refunded Rp50.000 on 25/11")
        #expect(record.accepted == true)
        #expect(record.closedBy == "budi")
        #expect(record.clock(now: TempStore.fixedNow).state == .met)
        #expect(try t.store.ticket(number: n).status == .solved)
        // A closed complaint takes no more evidence, decisions or escalations.
        #expect(kind { try t.store.addEvidence(ticket: n, kind: .statement, text: "late", by: c.a) } == .conflict)
        #expect(kind { try t.store.recordDecision(ticket: n, text: "late", by: c.a) } == .conflict)
        #expect(kind { try t.store.escalateComplaint(ticket: n, to: .supervisor, reason: "r", by: c.a) } == .conflict)
        #expect(kind { try t.store.closeComplaint(ticket: n, outcome: "again", accepted: false, by: c.a) } == .conflict)
        let audit = try #require(try t.store.auditRecords(entity: "ticket", entityId: String(n)).first { $0.action == "complaint.close" })
        #expect(audit.after == "closed accepted=yes deadline=met")
    }

    @Test func complaintsNearTheirDeadlineComeSoonestFirst() throws {
        let t = try TempStore(now: Self.monday)
        let c = try t.cast()
        let old = try complaintTicket(t, c.customer, at: wib(2026, 11, 16, 9)).number       // due 14 December: overdue
        let near = try complaintTicket(t, c.customer, at: wib(2026, 11, 23, 9)).number      // due 21 December: today
        let far = try complaintTicket(t, c.customer, at: wib(2026, 12, 18, 9)).number       // due 20 January
        let done = try complaintTicket(t, c.customer, at: wib(2026, 11, 16, 9)).number
        for n in [old, near, far, done] {
            try t.store.openComplaint(ticket: n, statement: "s", expectedOutcome: "e", by: c.sup)
        }
        try t.store.closeComplaint(ticket: done, outcome: "o", accepted: false, by: c.sup)
        let soon = try t.store.complaintsNearDeadline(within: 3)
        #expect(soon.map(\.ticketNumber) == [old, near])
        #expect(soon.map { $0.clock(now: Self.monday).state } == [.breached, .warning])
        #expect(try t.store.complaintsNearDeadline(within: 30).map(\.ticketNumber) == [old, near, far])
        #expect(try t.store.complaintsNearDeadline(within: 30, limit: 1).count == 1)
    }

    @Test func suggestionsAreReportedByDayWithoutCustomerIdentity() throws {
        let t = try TempStore()
        let c = try t.cast()
        let inRange = try complaintTicket(t, c.customer, at: wib(2026, 11, 10, 9), subcategory: "suggestion")
        _ = try complaintTicket(t, c.customer, at: wib(2026, 11, 1, 9), subcategory: "suggestion")
        _ = try complaintTicket(t, c.customer, at: wib(2026, 11, 10, 9))
        let rows = try t.store.suggestions(from: wib(2026, 11, 2), to: wib(2026, 11, 25))
        #expect(rows.map(\.ticket) == [inRange.number])
        #expect(rows[0].message == "Saya dipotong dua kali untuk satu pembayaran")
        #expect(rows[0].channel == .phone)
        let objects = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(rows)) as! [[String: Any]]
        #expect(Set(objects[0].keys) == ["ticket", "created_at", "channel", "status", "subject", "message", "tags"])
    }
}
