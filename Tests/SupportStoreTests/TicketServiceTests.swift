import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

@Suite struct TicketServiceTests {
    @Test func migrationsCreateEveryTable() throws {
        let t = try TempStore()
        let tables = try t.store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        for name in ["agents", "customers", "devices", "login_events", "transactions", "tickets", "ticket_events", "audit_log"] {
            #expect(tables.contains(name), "missing table \(name)")
        }
        let mode = try t.store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let perms = try FileManager.default.attributesOfItem(atPath: t.path)[.posixPermissions] as? Int
        #expect(perms == 0o600)
    }

    @Test func newerSchemaIsRefusedWithAClearMessage() throws {
        let t = try TempStore()
        try t.store.pool.write { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-future')") }
        #expect(throws: StoreError.self) { try SupportStore(path: t.path, create: false) }
        do { _ = try SupportStore(path: t.path, create: false) } catch let e as StoreError {
            #expect(e.message.contains("newer paydesk"))
        }
    }

    @Test func corruptFileIsReportedNotOverwritten() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-corrupt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("bad.sqlite").path
        let garbage = Data(repeating: 0x41, count: 8192)
        _ = FileManager.default.createFile(atPath: path, contents: garbage)
        do {
            _ = try SupportStore(path: path, create: false)
            Issue.record("opening a corrupt file should fail")
        } catch let e as StoreError {
            #expect(e.message.contains("not a paydesk database") || e.message.contains("damaged"))
        }
        #expect(FileManager.default.contents(atPath: path) == garbage)
    }

    @Test func claimIsCompareAndSet() throws {
        let t = try TempStore()
        let c = try t.cast()
        let ticket = try t.newTicket(c.customer)
        #expect(ticket.status == .new)
        let claimed = try t.store.claim(ticket: ticket.number, by: c.a)
        #expect(claimed.assigneeId == c.a.id)
        #expect(claimed.status == .open)
        #expect(claimed.version == ticket.version + 1)
        do {
            try t.store.claim(ticket: ticket.number, by: c.b)
            Issue.record("second claim must fail")
        } catch let e as StoreError {
            #expect(e.kind == .conflict)
            #expect(e.message.contains("already claimed by budi"))
        }
    }

    @Test func staleEditNamesWhoChangedIt() throws {
        let t = try TempStore()
        let c = try t.cast()
        let ticket = try t.newTicket(c.customer)
        let v = try t.store.claim(ticket: ticket.number, by: c.a).version
        try t.store.note(ticket: ticket.number, body: "checking", by: c.sup, expecting: v)
        do {
            try t.store.setPriority(ticket: ticket.number, to: .p1, by: c.a, expecting: v)
            Issue.record("stale edit must fail")
        } catch let e as StoreError {
            #expect(e.kind == .conflict)
            #expect(e.message.contains("changed by sari"))
        }
        #expect(try t.store.ticket(number: ticket.number).priority == .p2)
    }

    @Test func transitionsFollowTheTable() throws {
        let t = try TempStore()
        let c = try t.cast()
        let n = try t.newTicket(c.customer).number
        try t.store.claim(ticket: n, by: c.a)
        try t.store.setStatus(ticket: n, to: .solved, by: c.a)
        do {
            try t.store.setStatus(ticket: n, to: .pending, by: c.a)
            Issue.record("solved → pending is not allowed")
        } catch let e as StoreError {
            #expect(e.kind == .conflict)
            #expect(e.message.contains("open") && e.message.contains("closed"))
        }
        // A customer message reopens a solved ticket.
        let reopened = try t.store.customerMessage(ticket: n, body: "still broken")
        #expect(reopened.status == .open)
        #expect(reopened.solvedAt == nil)
    }

    @Test func pendingPausesTheClockAndIsRecorded() throws {
        let t = try TempStore()
        let c = try t.cast()
        let n = try t.newTicket(c.customer).number
        try t.store.claim(ticket: n, by: c.a)
        try t.store.reply(ticket: n, body: "Which app version?", by: c.a, setStatus: .pending)
        let pauses = try t.store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket_pauses WHERE ended_at IS NULL") }
        #expect(pauses == 1)
        let due = try t.store.pool.read { db in try Int64.fetchOne(db, sql: "SELECT sla_due_at FROM tickets WHERE number = ?", arguments: [n]) }
        #expect(due == Schema.noDeadline)
        try t.store.customerMessage(ticket: n, body: "5.3.4")
        let after = try t.store.ticket(number: n)
        #expect(after.status == .open)
        let open = try t.store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket_pauses WHERE ended_at IS NULL") }
        #expect(open == 0)
    }

    @Test func agentsCannotWorkOthersTicketsOrSteal() throws {
        let t = try TempStore()
        let c = try t.cast()
        let n = try t.newTicket(c.customer).number
        try t.store.claim(ticket: n, by: c.a)
        #expect { try t.store.reply(ticket: n, body: "hi", by: c.b) } throws: { ($0 as? StoreError)?.kind == .forbidden }
        #expect { try t.store.steal(ticket: n, by: c.b, reason: "mine now") } throws: { ($0 as? StoreError)?.kind == .forbidden }
        let stolen = try t.store.steal(ticket: n, by: c.sup, reason: "customer escalated")
        #expect(stolen.assigneeId == c.sup.id)
        // The refusal was audited, and the chain still verifies.
        let refused = try t.store.auditRecords(entity: "ticket", entityId: String(n)).filter { $0.action.hasPrefix("refused:") }
        #expect(refused.count == 2)
        #expect(try t.store.verifyAuditChain() == .ok(records: try t.store.auditRecords(limit: 1000).count))
    }

    @Test func replyRefusedWhenSomeoneWroteSinceOpening() throws {
        let t = try TempStore()
        let c = try t.cast()
        let n = try t.newTicket(c.customer).number
        try t.store.claim(ticket: n, by: c.a)
        let seen = try t.store.timeline(ticketNumber: n).last!.id
        try t.store.note(ticket: n, body: "I already refunded this", by: c.sup)
        do {
            try t.store.reply(ticket: n, body: "We will refund you", by: c.a, seenEventId: seen)
            Issue.record("reply after a newer note must be stopped")
        } catch let e as StoreError {
            #expect(e.kind == .conflict)
            #expect(e.message.contains("sari added a note"))
            #expect(e.message.contains("I already refunded this"))
        }
        let latest = try t.store.timeline(ticketNumber: n).last!.id
        try t.store.reply(ticket: n, body: "We will refund you", by: c.a, seenEventId: latest)
        #expect(try t.store.ticket(number: n).firstResponseAt != nil)
    }

    @Test func timelineIsAppendOnlyInTheDatabase() throws {
        let t = try TempStore()
        let c = try t.cast()
        let n = try t.newTicket(c.customer).number
        #expect(throws: (any Error).self) {
            try t.store.pool.write { db in try db.execute(sql: "UPDATE ticket_events SET body = 'x'") }
        }
        #expect(throws: (any Error).self) {
            try t.store.pool.write { db in try db.execute(sql: "DELETE FROM ticket_events") }
        }
        #expect(try t.store.timeline(ticketNumber: n).first?.body == "It failed at Indomaret")
    }

    @Test func mergeMovesTimelineAndClosesWithPointer() throws {
        let t = try TempStore()
        let c = try t.cast()
        let a = try t.newTicket(c.customer, subject: "first").number
        let b = try t.newTicket(c.customer, subject: "second").number
        try t.store.claim(ticket: a, by: c.a)
        try t.store.claim(ticket: b, by: c.a)
        try t.store.note(ticket: b, body: "note on b", by: c.a)
        try t.store.merge(ticket: b, into: a, by: c.a)
        let merged = try t.store.ticket(number: b)
        #expect(merged.status == .closed)
        #expect(merged.mergedInto == a)
        let bodies = try t.store.timeline(ticketNumber: a).map(\.body)
        #expect(bodies.contains("note on b"))
        #expect(bodies.contains { $0.contains("merged \(TicketNumber.format(b))") })
    }

    @Test func tagsAndLinks() throws {
        let t = try TempStore()
        let c = try t.cast()
        let a = try t.newTicket(c.customer).number
        let b = try t.newTicket(c.customer).number
        try t.store.claim(ticket: a, by: c.a)
        let tagged = try t.store.tag(ticket: a, add: ["VIP", "refund due"], by: c.a)
        #expect(tagged.tags == ["refund-due", "vip"])
        #expect(try t.store.tag(ticket: a, remove: ["vip"], by: c.a).tags == ["refund-due"])
        try t.store.link(ticket: a, to: b, kind: .duplicateOf, by: c.a)
        #expect(try t.store.links(ticket: b) == [TicketLink(from: a, to: b, kind: .duplicateOf)])
        #expect { try t.store.link(ticket: a, to: b, kind: .duplicateOf, by: c.a) } throws: { ($0 as? StoreError)?.kind == .conflict }
    }

    @Test func autoCloseClosesOldSolvedTickets() throws {
        let dir = try TempStore()
        let c = try dir.cast()
        let n = try dir.newTicket(c.customer).number
        try dir.store.claim(ticket: n, by: c.a)
        try dir.store.setStatus(ticket: n, to: .solved, by: c.a)
        let later = try SupportStore(path: dir.path, create: false, clock: { TempStore.fixedNow.addingTimeInterval(5 * 86_400) })
        #expect(try later.autoCloseSolved(afterDays: 4) == 1)
        #expect(try later.ticket(number: n).status == .closed)
        #expect(try later.autoCloseSolved(afterDays: 4) == 0)
    }
}
