import Foundation
import GRDB
import SupportCore
import SupportPostgres
import SupportStore
import Synchronization
import Testing

/// Working tickets with the customer on both stores: replies and what they queue, solving
/// and its survey, macros, playbook steps, new tickets and finding customers, run as one
/// script against a demo database and against its PostgreSQL copy. Every answer, refusal,
/// queued message, timeline and audit record must be the same.
@Suite struct TicketWorkParityTests {
    /// The messages queued for a ticket, as delivery will find them (ids left out).
    static func outbox(_ e: any StoreEngine, ticket number: Int64) throws -> [String] {
        try e.reading { session in
            try session.fetchRows("""
                SELECT o.channel, o.destination, o.subject, o.body, o.in_reply_to, o.references_ids, o.contains_code,
                       e.kind AS event_kind
                  FROM outbox o JOIN tickets t ON t.id = o.ticket_id LEFT JOIN ticket_events e ON e.id = o.event_id
                 WHERE t.number = ? ORDER BY o.id
                """, [number]).map { row in
                ["channel", "destination", "subject", "body", "in_reply_to", "references_ids", "contains_code", "event_kind"]
                    .map { "\($0)=\(Self.text(row[$0]))" }.joined(separator: " ")
            }
        }
    }

    /// A column's value as text, the same whichever database stored it.
    static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: "-"
        case .int64(let i): String(i)
        case .double(let d): String(d)
        case .string(let s): s
        case .blob(let b): "\(b.count) bytes"
        }
    }

    static func script(_ e: any StoreEngine, tickets: [Int64]) throws -> [String] {
        let budi = try #require(try e.agent(login: "budi"))
        var log: [String] = []
        func step<T: Encodable>(_ name: String, _ body: () throws -> T) { log.append(name + " → " + EngineParityTests.outcome(body)) }
        let (n, m) = (tickets[0], tickets[1])

        let seen = try #require(try e.timeline(ticketNumber: n).last?.id)
        step("reply claims") { try e.reply(ticket: n, body: "Kami cek ya, mohon tunggu.", by: budi) }
        step("reply empty") { try e.reply(ticket: n, body: "  ", by: budi) }
        step("reply to what budi saw") { try e.reply(ticket: n, body: "Sudah kami cek.", by: budi, seenEventId: seen) }
        step("note") { try e.note(ticket: n, body: "switch log checked", by: budi) }
        let afterNote = try #require(try e.timeline(ticketNumber: n).last?.id)
        step("reply pending") { try e.reply(ticket: n, body: "Refund diproses.", by: budi, seenEventId: afterNote, setStatus: .pending) }
        step("solve") { try e.setStatus(ticket: n, to: .solved, by: budi) }
        step("reopen") { try e.setStatus(ticket: n, to: .open, by: budi) }
        step("solve again, no second survey") { try e.setStatus(ticket: n, to: .solved, by: budi) }
        step("outbox \(n)") { try outbox(e, ticket: n) }

        let macro = try #require(Macro.builtIn.first)
        step("macro \(macro.key)") { try e.applyMacro(ticket: m, key: macro.key, by: budi) }
        step("macro unknown") { try e.applyMacro(ticket: m, key: "no-such-macro", by: budi) }
        let playbook = try #require(Playbook.builtIn.first), first = try #require(playbook.steps.first)
        step("playbook step") { try e.recordPlaybookStep(ticket: m, playbook: playbook.key, step: first.key, note: "checked", by: budi); return "recorded" }
        step("playbook skip without reason") {
            try e.recordPlaybookStep(ticket: m, playbook: playbook.key, step: first.key, skipped: true, by: budi); return "recorded"
        }
        for known in Playbook.builtIn {
            step("playbook progress \(known.key)") { try e.playbookProgress(ticket: m, playbook: known.key) }
        }
        step("outbox \(m)") { try outbox(e, ticket: m) }

        let customer = try e.customer(id: 3)
        step("find by id") { try e.findCustomer("3") }
        step("find by wallet") { try e.findCustomer(customer.walletId) }
        step("find by phone without reason") { try e.findCustomer(customer.phone) }
        step("new ticket") {
            try e.createTicket(NewTicket(customerId: 3, subject: "Saldo terpotong 两次", body: "Saldo saya terpotong dua kali",
                                         category: .payment, channel: .email, priority: .p2, tags: ["VIP "]), by: budi)
        }
        step("new ticket, no customer") {
            try e.createTicket(NewTicket(customerId: 999_999, subject: "x", body: "y", category: .payment, channel: .web), by: budi)
        }
        step("presence") { try e.presence(ticketNumber: n, excluding: budi) }
        for number in [n, m] { step("timeline \(number)") { try e.timeline(ticketNumber: number) } }
        step("audit") { try e.auditRecords(limit: 40) }
        return log
    }

    @Test func replyingSolvingMacrosAndNewTicketsMatchOnBothStores() async throws {
        let (sqlite, postgres, demo) = try await EngineParityTests.engines()
        defer { demo.source.remove() }
        let budi = try #require(try sqlite.agent(login: "budi"))
        let tickets = try sqlite.queuePage(QueueSpec(view: .unassigned, actor: budi), limit: 2).map(\.number)
        try #require(tickets.count == 2)
        let onSQLite = try Self.script(sqlite, tickets: tickets)
        let onPostgres = try Self.script(postgres, tickets: tickets)
        EngineParityTests.expectSame(onSQLite, onPostgres)
        // Not vacuous: the replies and the one survey were queued, the refusals refused.
        let outbox = try #require(onPostgres.first { $0.hasPrefix("outbox \(tickets[0]) → ") })
        #expect(outbox.contains("Kami cek ya") && outbox.contains("Refund diproses."))
        #expect(outbox.components(separatedBy: "event_kind=csat").count == 2, "one survey: \(outbox)")
        #expect(onPostgres.contains { $0.hasPrefix("reply to what budi saw → {") }, "budi's own writes do not stop budi")
        #expect(onPostgres.contains { $0.hasPrefix("reply empty → refused invalid") })
        #expect(onPostgres.contains { $0.hasPrefix("new ticket → {") })
        #expect(onPostgres.contains { $0.hasPrefix("new ticket, no customer → refused notFound") })
        let records = try postgres.reading { try $0.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) ?? -1 }
        #expect(try await postgres.store.verifyAuditChain() == .ok(records: records))
        await postgres.close()
    }

    /// Someone else wrote after the agent opened the ticket: the reply is stopped on
    /// PostgreSQL as on SQLite, and nothing is queued.
    @Test func aReplyAfterSomeoneElseWroteIsStoppedWithNothingQueued() async throws {
        let (_, postgres, demo) = try await EngineParityTests.engines()
        defer { demo.source.remove() }
        let budi = try #require(try postgres.agent(login: "budi")), sari = try #require(try postgres.agent(login: "sari"))
        let n = try #require(try postgres.queuePage(QueueSpec(view: .unassigned, actor: budi), limit: 1).first?.number)
        _ = try postgres.claim(ticket: n, by: budi)
        let seen = try #require(try postgres.timeline(ticketNumber: n).last?.id)
        _ = try postgres.reply(ticket: n, body: "Refund refused: fraud", by: sari)
        let queued = try Self.outbox(postgres, ticket: n).count
        do {
            _ = try postgres.reply(ticket: n, body: "Refund approved", by: budi, seenEventId: seen)
            Issue.record("the stale reply was sent")
        } catch let error as StoreError {
            #expect(error.kind == .conflict)
            #expect(error.message.hasPrefix("Not sent: sari replied"))
        }
        #expect(try Self.outbox(postgres, ticket: n).count == queued)
        #expect(!(try postgres.timeline(ticketNumber: n)).contains { $0.body == "Refund approved" })
        await postgres.close()
    }

    /// Two instances opening tickets at the same moment: every one is made, each with a
    /// number of its own, and the chain both wrote verifies.
    @Test func twoInstancesOpeningTicketsTogetherNumberThemOnce() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let a = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 6)
        let b = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 6)
        let budi = try #require(try a.agent(login: "budi")), dewi = try #require(try b.agent(login: "dewi"))
        let outcomes = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 12) { i in
            let result: String
            do {
                let new = NewTicket(customerId: Int64(1 + i % 5), subject: "Race \(i)", body: "Saldo hilang", category: .payment, channel: .phone)
                result = String(try (i % 2 == 0 ? a.createTicket(new, by: budi) : b.createTicket(new, by: dewi)).number)
            } catch {
                result = "error \(error)"
            }
            outcomes.withLock { $0.append(result) }
        }
        let numbers = outcomes.withLock { $0 }
        #expect(numbers.allSatisfy { Int64($0) != nil }, "\(numbers)")
        #expect(Set(numbers).count == 12, "\(numbers)")
        let records = try a.reading { try $0.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) ?? -1 }
        #expect(try await a.store.verifyAuditChain() == .ok(records: records))
        await a.close()
        await b.close()
    }
}
