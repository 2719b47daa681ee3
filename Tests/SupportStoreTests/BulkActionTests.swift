import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

@Suite struct BulkActionTests {
    /// Four new tickets and the versions a supervisor saw when selecting them.
    func setUp() throws -> (TempStore, sup: Agent, a: Agent, b: Agent, [Ticket]) {
        let s = try TempStore()
        let cast = try s.cast()
        let tickets = try (1...4).map { try s.newTicket(cast.customer, subject: "Payment \($0) failed") }
        return (s, cast.sup, cast.a, cast.b, tickets)
    }

    func audit(_ s: TempStore, _ number: Int64) throws -> [AuditRecord] {
        try s.store.auditRecords(entity: "ticket", entityId: String(number)).filter { $0.action != "ticket.create" }
    }

    @Test func staleTicketIsRefusedAndTheRestAreReassignedTogether() throws {
        let (s, sup, a, b, tickets) = try setUp()
        let seen = tickets.map { BulkTarget(number: $0.number, version: $0.version) }
        // Budi claims the second ticket after the supervisor loaded the queue.
        try s.store.claim(ticket: tickets[1].number, by: a)
        let outcome = try s.store.bulk(.assign(b.login), tickets: seen, by: sup)
        #expect(outcome.applied.map(\.number) == [tickets[0].number, tickets[2].number, tickets[3].number])
        #expect(outcome.refused.map(\.number) == [tickets[1].number])
        #expect(outcome.refused[0].kind == "conflict")
        #expect(outcome.refused[0].reason.contains("changed by budi"))
        #expect(outcome.summary.hasPrefix("assign to dewi: 3 changed, 1 refused"))
        for t in [tickets[0], tickets[2], tickets[3]] {
            let now = try s.store.ticket(number: t.number)
            #expect(now.assigneeId == b.id && now.status == .open && now.version == t.version + 1)
            let records = try audit(s, t.number)
            #expect(records.count == 1)
            #expect(records[0].action == "ticket.give" && records[0].actor == "sari" && records[0].after == "assignee=dewi")
            #expect(try s.store.timeline(ticketNumber: t.number).contains { $0.kind == .assignment && $0.body.contains("bulk") })
        }
        // The refused ticket keeps Budi and has one audit record for the refusal (plus Budi's claim).
        #expect(try s.store.ticket(number: tickets[1].number).assigneeId == a.id)
        let refusals = try audit(s, tickets[1].number).filter { $0.action.hasPrefix("refused:") }
        #expect(refusals.count == 1 && refusals[0].action == "refused:ticket.give" && refusals[0].reason?.contains("budi") == true)
        #expect(try s.store.verifyAuditChain() == .ok(records: try s.store.auditRecords(limit: 1000).count))
    }

    @Test func oneTransactionRollsBackEverythingOnAnUnexpectedFailure() throws {
        let (s, sup, _, _, tickets) = try setUp()
        // A database-level failure on the third ticket (not a refusal) must undo the first two.
        try s.store.write { db in
            try db.execute(sql: """
                CREATE TRIGGER boom BEFORE UPDATE OF priority ON tickets WHEN NEW.number = \(tickets[2].number)
                BEGIN SELECT RAISE(ABORT, 'disk on fire'); END
                """)
        }
        let auditBefore = try s.store.auditRecords(limit: 1000).count
        #expect(throws: StoreError.self) {
            try s.store.bulk(.priority(.p1), tickets: tickets.map { BulkTarget(number: $0.number, version: $0.version) }, by: sup)
        }
        for t in tickets { #expect(try s.store.ticket(number: t.number).priority == .p2) }
        #expect(try s.store.auditRecords(limit: 1000).count == auditBefore)
    }

    @Test func statusRefusesInvalidTransitionsAndReportsWhy() throws {
        let (s, sup, _, _, tickets) = try setUp()
        try s.store.setStatus(ticket: tickets[0].number, to: .solved, by: sup)
        try s.store.setStatus(ticket: tickets[0].number, to: .closed, by: sup)
        let outcome = try s.store.bulk(.status(.pending), tickets: tickets.map { BulkTarget(number: $0.number) }, by: sup)
        #expect(outcome.applied.count == 3)
        #expect(outcome.refused.count == 1 && outcome.refused[0].reason.contains("closed"))
        for t in tickets.dropFirst() { #expect(try s.store.ticket(number: t.number).status == .pending) }
        // Pending stops the SLA clocks: the stored due time moves out of the way.
        #expect(try s.store.queuePage(QueueSpec(view: .pending, actor: sup)).count == 3)
    }

    @Test func noteTagPriorityAndMacroInBulk() throws {
        let (s, sup, _, _, tickets) = try setUp()
        let all = tickets.map { BulkTarget(number: $0.number) }
        let note = try s.store.bulk(.note("Outage at the switch; see incident 42"), tickets: all, by: sup)
        #expect(note.applied.count == 4 && note.refused.isEmpty)
        for t in tickets {
            #expect(try s.store.timeline(ticketNumber: t.number).contains { $0.kind == .note && $0.body.contains("incident 42") })
        }
        try s.store.tag(ticket: tickets[0].number, add: ["outage"], by: sup)
        let tag = try s.store.bulk(.tag(add: ["Outage"], remove: []), tickets: all, by: sup)
        #expect(tag.applied.count == 3 && tag.refused.map(\.number) == [tickets[0].number])
        for t in tickets { #expect(try s.store.ticket(number: t.number).tags.contains("outage")) }
        let prio = try s.store.bulk(.priority(.p1), tickets: all, by: sup)
        #expect(prio.applied.count == 4)
        let macro = try s.store.bulk(.macro("failed-payment-checklist"), tickets: all, by: sup)
        #expect(macro.applied.count == 4)
        for t in tickets {
            let now = try s.store.ticket(number: t.number)
            #expect(now.status == .pending && now.tags.contains("failed-payment") && now.firstResponseAt != nil)
            #expect(try s.store.timeline(ticketNumber: t.number).contains { $0.kind == .reply && $0.body.contains("王小明") })
        }
        #expect(throws: StoreError.self) { try s.store.bulk(.macro("no-such-macro"), tickets: all, by: sup) }
        #expect(throws: StoreError.self) { try s.store.bulk(.note("   "), tickets: all, by: sup) }
    }

    @Test func agentsMayNotRunBulkActionsAndTheRefusalIsAudited() throws {
        let (s, _, a, _, tickets) = try setUp()
        do {
            _ = try s.store.bulk(.status(.onHold), tickets: tickets.map { BulkTarget(number: $0.number) }, by: a)
            Issue.record("an agent ran a bulk action")
        } catch let error as StoreError {
            #expect(error.kind == .forbidden)
        }
        #expect(try s.store.auditRecords(limit: 5).contains { $0.action == "refused:ticket.bulk" && $0.actor == "budi" })
        for t in tickets { #expect(try s.store.ticket(number: t.number).status == .new) }
    }

    @Test func unknownTicketsAreRefusedNotFatal() throws {
        let (s, sup, _, _, tickets) = try setUp()
        let outcome = try s.store.bulk(.assign(nil), tickets: [BulkTarget(number: 99_999), BulkTarget(number: tickets[0].number)], by: sup)
        #expect(outcome.refused.map(\.kind) == ["not_found", "conflict"])   // #99999 missing; the other has no owner
        #expect(outcome.applied.isEmpty)
    }
}

@Suite struct CSATServiceTests {
    @Test func recordedOnceOnSolvedTicketsOnly() throws {
        let s = try TempStore()
        let cast = try s.cast()
        let t = try s.newTicket(cast.customer)
        try s.store.claim(ticket: t.number, by: cast.a)
        do {
            try s.store.recordCSAT(ticket: t.number, score: 4, by: cast.a)
            Issue.record("CSAT on an open ticket")
        } catch let e as StoreError { #expect(e.kind == .conflict && e.message.contains("open")) }
        try s.store.setStatus(ticket: t.number, to: .solved, by: cast.a)
        #expect(throws: StoreError.self) { try s.store.recordCSAT(ticket: t.number, score: 6, by: cast.a) }
        #expect(throws: StoreError.self) { try s.store.recordCSAT(ticket: t.number, score: 0, by: cast.a) }
        let r = try s.store.recordCSAT(ticket: t.number, score: 4, comment: "  quick and kind  ", by: cast.sup)
        #expect(r.score == 4 && r.comment == "quick and kind" && r.agent == "budi" && r.category == .payment)
        do {
            try s.store.recordCSAT(ticket: t.number, score: 5, by: cast.sup)
            Issue.record("a second CSAT")
        } catch let e as StoreError { #expect(e.kind == .conflict && e.message.contains("already rated 4/5")) }
        #expect(try s.store.csat(ticket: t.number)?.score == 4)
        #expect(try s.store.timeline(ticketNumber: t.number).contains { $0.kind == .csat && $0.body == "Customer satisfaction 4/5: quick and kind" })
        #expect(try s.store.auditRecords(entity: "ticket", entityId: String(t.number)).contains { $0.action == "ticket.csat" && $0.after == "score=4" })
        // Closed tickets may still be rated.
        let u = try s.newTicket(cast.customer)
        try s.store.setStatus(ticket: u.number, to: .solved, by: cast.sup)
        try s.store.setStatus(ticket: u.number, to: .closed, by: cast.sup)
        #expect(try s.store.recordCSAT(ticket: u.number, score: 1, by: cast.sup).agent == nil)
    }
}
