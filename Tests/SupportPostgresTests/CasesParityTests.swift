import Foundation
import GRDB
import SupportCore
import SupportPostgres
import SupportStore
import Testing

/// Complaints, merges, attached transactions, revealing contact data and bulk actions on
/// both stores: one script against a demo database and against its PostgreSQL copy.
/// Every answer, refusal, timeline and audit record must be the same, word for word.
@Suite struct CasesParityTests {
    /// Tickets the script works on, chosen by the same SQL on either store.
    struct Picks {
        var complaints: [Int64]
        var pair: (Int64, Int64)
        var reference: String
        var complaintReference: String
        var otherReference: String
        var customer: Int64
        var bulk: [Int64]
    }

    static func picks(_ e: any StoreEngine) throws -> Picks {
        try e.reading { db in
            let complaints = try db.fetchValues("""
                SELECT number FROM tickets WHERE category = 'complaint' AND subcategory != 'suggestion' AND status != 'closed'
                   AND assignee_id IS NULL AND id NOT IN (SELECT ticket_id FROM complaints) ORDER BY number LIMIT 2
                """, as: Int64.self)
            let pair = try #require(try db.fetchRow("""
                SELECT a.number AS a, b.number AS b FROM tickets a JOIN tickets b ON b.customer_id = a.customer_id AND b.number > a.number
                 WHERE a.status NOT IN ('closed', 'solved') AND b.status NOT IN ('closed', 'solved')
                   AND a.merged_into IS NULL AND b.merged_into IS NULL AND a.assignee_id IS NULL AND b.assignee_id IS NULL
                 ORDER BY a.number, b.number LIMIT 1
                """))
            let a: Int64 = pair["a"]
            let customer = try #require(try db.fetchValue("SELECT customer_id FROM tickets WHERE number = ?", [a], as: Int64.self))
            let reference = try #require(try db.fetchValue("SELECT MIN(reference) FROM transactions WHERE customer_id = ?",
                                                           [customer], as: String.self))
            let other = try #require(try db.fetchValue("SELECT MIN(reference) FROM transactions WHERE customer_id != ?",
                                                       [customer], as: String.self))
            let complaintReference = try #require(try db.fetchValue("""
                SELECT MIN(x.reference) FROM transactions x JOIN tickets t ON t.customer_id = x.customer_id WHERE t.number = ?
                """, [complaints.first ?? 0], as: String.self))
            let bulk = try db.fetchValues("""
                SELECT number FROM tickets WHERE status IN ('new', 'open') AND number NOT IN (?, ?) ORDER BY number LIMIT 4
                """, [a, pair["b"] as Int64], as: Int64.self)
            try #require(complaints.count == 2 && bulk.count == 4)
            return Picks(complaints: complaints, pair: (a, pair["b"]), reference: reference, complaintReference: complaintReference,
                         otherReference: other,
                         customer: customer, bulk: bulk)
        }
    }

    static func script(_ e: any StoreEngine) throws -> [String] {
        let budi = try #require(try e.agent(login: "budi")), dewi = try #require(try e.agent(login: "dewi"))
        let sari = try #require(try e.agent(login: "sari")), ops = try #require(try e.agent(login: "ops"))
        let p = try picks(e)
        var log: [String] = []
        func step<T: Encodable>(_ name: String, _ body: () throws -> T) { log.append(name + " → " + EngineParityTests.outcome(body)) }
        let (c, d) = (p.complaints[0], p.complaints[1])

        // A complaint's whole life.
        step("working days") { try e.complaintWorkingDays() }
        step("working days by an agent") { try e.setComplaintWorkingDays(10, by: budi); return "set" }
        step("working days out of range") { try e.setComplaintWorkingDays(400, by: ops); return "set" }
        step("working days by an admin") { try e.setComplaintWorkingDays(15, by: ops); return "set" }
        step("working days after") { try e.complaintWorkingDays() }
        step("claim the complaint") { try e.claim(ticket: c, by: budi) }
        step("open by dewi (not hers)") { try e.openComplaint(ticket: c, statement: "s", expectedOutcome: "e", by: dewi) }
        step("open empty") { try e.openComplaint(ticket: c, statement: "  ", expectedOutcome: "e", by: budi) }
        step("open") { try e.openComplaint(ticket: c, statement: "Dana terpotong dua kali di Indomaret", expectedOutcome: "Refund Rp150.000", by: budi) }
        step("open again") { try e.openComplaint(ticket: c, statement: "again", expectedOutcome: "e", by: budi) }
        step("open on a non-complaint") { try e.openComplaint(ticket: p.pair.0, statement: "s", expectedOutcome: "e", by: sari) }
        step("evidence statement") { try e.addEvidence(ticket: c, kind: .statement, text: "Customer sent the receipt photo.", by: budi) }
        step("evidence own transaction") { try e.addEvidence(ticket: c, kind: .transaction, text: p.complaintReference, by: budi) }
        step("evidence someone else's transaction") { try e.addEvidence(ticket: c, kind: .transaction, text: p.otherReference, by: budi) }
        step("decision") { try e.recordDecision(ticket: c, text: "Second charge confirmed with the switch.", by: budi) }
        step("decision empty") { try e.recordDecision(ticket: c, text: " ", by: budi) }
        step("escalate without a reason") { try e.escalateComplaint(ticket: c, to: .supervisor, reason: " ", by: budi) }
        step("escalate skipping a level") { try e.escalateComplaint(ticket: c, to: .management, reason: "skip", by: budi) }
        step("escalate to a supervisor") { try e.escalateComplaint(ticket: c, to: .supervisor, reason: "customer rejects the refund time", by: budi) }
        step("agent closes the supervisor's") { try e.closeComplaint(ticket: c, outcome: "refunded", accepted: true, by: budi) }
        step("escalate to management") { try e.escalateComplaint(ticket: c, to: .management, reason: "threatens OJK", by: sari) }
        step("decision by sari") { try e.recordDecision(ticket: c, text: "Refund and Rp10.000 goodwill.", by: sari) }
        step("close by the admin") { try e.closeComplaint(ticket: c, outcome: "Refunded with goodwill credit.", accepted: true, by: ops) }
        step("decision on a closed complaint") { try e.recordDecision(ticket: c, text: "late", by: ops) }
        step("complaint record") { try e.complaint(ticket: c) }
        step("open d by sari") { try e.openComplaint(ticket: d, statement: "Cashback 11.11 tidak masuk", expectedOutcome: "Cashback", by: sari) }
        step("close d not accepted") { try e.closeComplaint(ticket: d, outcome: "Promo terms not met.", accepted: false, by: sari) }
        step("timeline c") { try e.timeline(ticketNumber: c) }

        // Transactions attached to a ticket.
        let (a, b) = p.pair
        step("attach") { try e.attachTransaction(reference: p.reference, ticket: a, by: budi) }
        step("attach again") { try e.attachTransaction(reference: p.reference.lowercased(), ticket: a, by: budi) }
        step("attach another customer's") { try e.attachTransaction(reference: p.otherReference, ticket: a, by: budi) }
        step("attach unknown") { try e.attachTransaction(reference: "TX-NO-SUCH", ticket: a, by: budi) }
        step("linked") { try e.ticketsLinked(toTransaction: p.reference) }
        step("linked unknown") { try e.ticketsLinked(toTransaction: "TX-NO-SUCH") }

        // Merging one of the customer's tickets into another.
        step("merge into itself") { try e.merge(ticket: a, into: a, by: budi); return "merged" }
        step("merge into another customer's") { try e.merge(ticket: a, into: c, by: sari); return "merged" }
        step("merge stale") { try e.merge(ticket: a, into: b, by: budi, expecting: 0); return "merged" }
        step("merge") { try e.merge(ticket: a, into: b, by: budi); return "merged" }
        step("merge again") { try e.merge(ticket: a, into: b, by: budi); return "merged" }
        step("merge back into the closed one") { try e.merge(ticket: b, into: a, by: budi); return "merged" }
        step("merged ticket") { try e.ticket(number: a) }
        step("target timeline") { try e.timeline(ticketNumber: b) }

        // Contact data, unmasked with a reason.
        step("reveal without a reason") { try e.revealContact(customerId: p.customer, reason: " ", by: budi) }
        step("reveal") { try e.revealContact(customerId: p.customer, reason: "customer on the phone asks to confirm email", by: budi) }
        step("reveal unknown") { try e.revealContact(customerId: 9_999_999, reason: "typo", by: budi) }

        // Bulk actions: one refused ticket does not stop the rest.
        let targets = p.bulk.map { BulkTarget(number: $0) }
        step("bulk by an agent") { try e.bulk(.priority(.p1), tickets: targets, by: budi) }
        step("bulk nothing") { try e.bulk(.priority(.p1), tickets: [], by: sari) }
        step("bulk unknown macro") { try e.bulk(.macro("no-such"), tickets: targets, by: sari) }
        var stale = targets
        stale[1].version = 0
        step("bulk priority, one stale") { try e.bulk(.priority(.p2), tickets: stale + [BulkTarget(number: 999_999)], by: sari) }
        step("bulk tags") { try e.bulk(.tag(add: ["Bulk Checked"], remove: []), tickets: targets, by: sari) }
        step("bulk same tags") { try e.bulk(.tag(add: ["bulk-checked"], remove: []), tickets: targets, by: sari) }
        step("bulk assign") { try e.bulk(.assign("dewi"), tickets: targets, by: sari) }
        step("bulk assign unknown") { try e.bulk(.assign("nobody"), tickets: targets, by: sari) }
        step("bulk note") { try e.bulk(.note("Checked in the Monday sweep."), tickets: targets, by: sari) }
        if let macro = Macro.builtIn.first {
            step("bulk macro \(macro.key)") { try e.bulk(.macro(macro.key), tickets: targets, by: sari, locale: .id) }
        }
        step("bulk solve") { try e.bulk(.status(.solved), tickets: targets, by: sari) }
        step("bulk release") { try e.bulk(.assign(nil), tickets: targets, by: sari) }
        for n in p.bulk { step("bulk timeline \(n)") { try e.timeline(ticketNumber: n) } }

        step("audit tail") {
            try e.reading { session in
                try session.fetchRows("SELECT id, at, actor, action, entity, entity_id, before, after, reason FROM audit_log ORDER BY id DESC LIMIT 120")
                    .map { row in ["id", "at", "actor", "action", "entity", "entity_id", "before", "after", "reason"]
                        .map { (row[$0] as DatabaseValue).description } }
            }
        }
        return log
    }

    @Test func complaintsMergesBulkAndRevealAnswerTheSameOnSQLiteAndPostgreSQL() async throws {
        let (sqlite, postgres, demo) = try await EngineParityTests.engines()
        defer { demo.source.remove() }
        let onSQLite = try Self.script(sqlite)
        let onPostgres = try Self.script(postgres)
        EngineParityTests.expectSame(onSQLite, onPostgres)
        func line(_ name: String) -> String { onSQLite.first { $0.hasPrefix(name + " → ") } ?? "" }
        // Not vacuous: changes and refusals of every kind happened.
        #expect(line("open").contains("\"statement\":\"Dana terpotong dua kali di Indomaret\""), "\(line("open"))")
        #expect(line("open again").contains("refused conflict") && line("open again").contains("already has a complaint record"))
        #expect(line("open by dewi (not hers)").contains("refused forbidden"))
        #expect(line("agent closes the supervisor's").contains("refused forbidden"))
        #expect(line("close by the admin").contains("\"accepted\":true"))
        #expect(line("decision on a closed complaint").contains("refused conflict"))
        #expect(line("working days after") == "working days after → 15")
        #expect(line("evidence own transaction").contains("\"kind\":\"transaction\""), "\(line("evidence own transaction"))")
        #expect(line("evidence someone else's transaction").contains("refused notFound"))
        #expect(line("attach again").contains("is already attached"))
        #expect(line("linked").contains("\"budi\""), "\(line("linked"))")
        #expect(line("merge") == "merge → \"merged\"")
        #expect(line("merge again").contains("was already merged into"))
        #expect(line("reveal").contains("@") || line("reveal").contains("+62"), "\(line("reveal"))")
        #expect(line("bulk by an agent").contains("refused forbidden"))
        #expect(line("bulk priority, one stale").contains("\"refused\":[{") && line("bulk priority, one stale").contains("since you loaded it"))
        #expect(line("bulk solve").contains("\"applied\":[{"))
        try #require(try postgres.verifyAuditChain() == .ok(records: try postgres.reading {
            try $0.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) ?? -1 }))
        await postgres.close()
    }
}
