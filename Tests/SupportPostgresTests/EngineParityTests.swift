import Foundation
import GRDB
import SupportCore
import SupportPostgres
import SupportStore
import Synchronization
import Testing

/// The ticket core on both stores: one demo database, copied into PostgreSQL, then the
/// same script of reads, changes and refusals run against SQLite and against PostgreSQL.
/// Every answer, every refusal's words, the timeline and the audit records must be the
/// same (replies, solving and the rest of working with the customer: TicketWorkParityTests).
@Suite struct EngineParityTests {
    static let now = Date(timeIntervalSince1970: 1_795_575_600)

    /// Both engines over identical data, their clocks pinned to the same instant.
    static func engines() async throws -> (sqlite: SupportStore, postgres: PostgresEngine, demo: MigratedDemo) {
        let demo = try await MigratedDemo.make()
        let postgres = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, clock: { now })
        return (demo.source.store, postgres, demo)
    }

    /// One script on both engines over identical data; returns both logs once PostgreSQL's
    /// engine is closed (a script that throws on either store throws here).
    static func run(_ script: (any StoreEngine) throws -> [String]) async throws -> (sqlite: [String], postgres: [String]) {
        let (sqlite, postgres, demo) = try await engines()
        defer { demo.source.remove() }
        let scripts = Result { (try script(sqlite), try script(postgres)) }
        await postgres.close()
        return try scripts.get()
    }

    /// The parity rule every script is held to: the same lines, word for word, in order.
    static func expectSame(_ onSQLite: [String], _ onPostgres: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(onSQLite.count == onPostgres.count, sourceLocation: sourceLocation)
        for (a, b) in zip(onSQLite, onPostgres) {
            #expect(a == b, "SQLite and PostgreSQL differ:\n  \(a.prefix(800))\n  \(b.prefix(800))", sourceLocation: sourceLocation)
        }
    }

    /// An outcome as comparable text: the value's JSON, or the refusal's kind and words.
    static func outcome<T: Encodable>(_ body: () throws -> T) -> String {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return String(decoding: try encoder.encode(try body()), as: UTF8.self)
        } catch let error as StoreError {
            return "refused \(error.kind): \(error.message)"
        } catch {
            return "error: \(error)"
        }
    }

    /// The script: everything the ticket core does, on one engine.
    static func script(_ e: any StoreEngine) throws -> [String] {
        let budi = try #require(try e.agent(login: "budi")), dewi = try #require(try e.agent(login: "dewi"))
        let sari = try #require(try e.agent(login: "sari"))
        var log: [String] = []
        func step<T: Encodable>(_ name: String, _ body: () throws -> T) { log.append(name + " → " + outcome(body)) }

        step("is demo") { e.isDemo }
        step("resolve budi") { try e.resolveActor(caller: "budi", asLogin: nil) }
        step("resolve stranger") { try e.resolveActor(caller: "mallory", asLogin: nil) }
        for view in QueueView.allCases {
            step("count \(view) budi") { try e.queueCount(QueueSpec(view: view, actor: budi)) }
            step("count \(view) sari") { try e.queueCount(QueueSpec(view: view, actor: sari)) }
        }
        let filtered = try QueryParser.parse("prio:p1,p2 -tag:vip cat:payment", schema: .tickets, now: now)
        step("team filtered") { try e.queuePage(QueueSpec(view: .team, query: filtered, actor: sari), limit: 20) }
        for sort in QueueSort.allCases {
            let first = try e.queuePage(QueueSpec(view: .all, sort: sort, actor: sari), limit: 15)
            log.append("all by \(sort) → " + outcome { first })
            step("all by \(sort), next page") { try e.queuePage(QueueSpec(view: .all, sort: sort, actor: sari), after: first.last, limit: 15) }
            step("all by \(sort), end") { try e.queueLastPage(QueueSpec(view: .all, sort: sort, actor: sari), limit: 15) }
        }
        let unassigned = try e.queuePage(QueueSpec(view: .unassigned, actor: budi), limit: 3)
        let n = try #require(unassigned.first?.number)
        step("ticket") { try e.ticket(number: n) }
        step("sla clocks") { try e.slaClocks(ticket: n) }
        step("links") { try e.links(ticket: n) }
        step("customer") { try e.customer(id: unassigned[0].customerId) }
        let seen = try e.ticket(number: n).version
        step("claim by budi") { try e.claim(ticket: n, by: budi) }
        step("claim by dewi") { try e.claim(ticket: n, by: dewi) }
        step("claim by budi again") { try e.claim(ticket: n, by: budi) }
        step("note on a stale version") { try e.note(ticket: n, body: "saw it first", by: dewi, expecting: seen) }
        step("empty note") { try e.note(ticket: n, body: "  \n", by: budi) }
        step("note") { try e.note(ticket: n, body: "Customer called back; QRIS refund reference sent.", by: budi) }
        step("priority by dewi (not hers)") { try e.setPriority(ticket: n, to: .p1, by: dewi) }
        step("priority") { try e.setPriority(ticket: n, to: .p1, by: budi) }
        step("pending") { try e.setStatus(ticket: n, to: .pending, by: budi) }
        step("open again") { try e.setStatus(ticket: n, to: .open, by: budi) }
        step("tag") { try e.tag(ticket: n, add: ["Refund Pending", "qris"], remove: ["vip"], by: budi) }
        step("untag") { try e.tag(ticket: n, remove: ["qris"], by: budi) }
        step("empty tag") { try e.tag(ticket: n, by: budi) }
        step("category") { try e.setCategory(ticket: n, to: .payment, subcategory: nil, by: budi) }
        step("same category") { try e.setCategory(ticket: n, to: .payment, subcategory: nil, by: budi) }
        step("link") { try e.link(ticket: n, to: unassigned[1].number, kind: .relatesTo, by: budi); return "linked" }
        step("link again") { try e.link(ticket: n, to: unassigned[1].number, kind: .relatesTo, by: budi); return "linked" }
        step("links after") { try e.links(ticket: n) }
        step("escalate without a reason") { try e.escalate(ticket: n, reason: " ", by: budi) }
        step("escalate") { try e.escalate(ticket: n, reason: "customer threatens to go to OJK", by: budi) }
        step("escalate again") { try e.escalate(ticket: n, reason: "again", by: budi) }
        step("steal by dewi") { try e.steal(ticket: n, by: dewi, reason: "mine now") }
        step("give to dewi") { try e.give(ticket: n, to: "dewi", by: budi) }
        step("steal by sari") { try e.steal(ticket: n, by: sari, reason: "escalated by phone") }
        step("release by budi") { try e.release(ticket: n, by: budi) }
        step("release by sari") { try e.release(ticket: n, by: sari) }
        step("release again") { try e.release(ticket: n, by: sari) }
        step("timeline") { try e.timeline(ticketNumber: n) }
        step("missing ticket") { try e.ticket(number: 999_999) }
        step("audit tail") {
            try e.reading { session in
                try session.fetchRows("SELECT id, at, actor, action, entity, entity_id, before, after, reason FROM audit_log ORDER BY id DESC LIMIT 40")
                    .map { row in ["id", "at", "actor", "action", "entity", "entity_id", "before", "after", "reason"]
                        .map { (row[$0] as DatabaseValue).description } }
            }
        }
        return log
    }

    @Test func theTicketCoreAnswersTheSameOnSQLiteAndPostgreSQL() async throws {
        let (sqlite, postgres, demo) = try await Self.engines()
        defer { demo.source.remove() }
        let onSQLite = try Self.script(sqlite)
        let onPostgres = try Self.script(postgres)
        EngineParityTests.expectSame(onSQLite, onPostgres)
        // The script is not vacuous: refusals and changes both happened.
        #expect(onSQLite.contains { $0.hasPrefix("claim by dewi → refused conflict: ") && $0.contains("already claimed by budi") })
        #expect(onSQLite.contains { $0.hasPrefix("steal by dewi → refused forbidden") })
        #expect(onSQLite.contains { $0.hasPrefix("note → {") })
        let records = try postgres.reading { try $0.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) ?? -1 }
        #expect(try await postgres.store.verifyAuditChain() == .ok(records: records))
        await postgres.close()
    }

    /// Two service instances (two engines, each with its own connections) claiming the same
    /// tickets at the same moment through the shared service code.
    @Test func twoEnginesClaimingTogetherLeaveOneOwnerAndOneChain() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let a = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 6)
        let b = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 6)
        let budi = try #require(try a.agent(login: "budi")), dewi = try #require(try b.agent(login: "dewi"))
        let tickets = try a.queuePage(QueueSpec(view: .unassigned, actor: budi), limit: 20).map(\.number)
        try #require(tickets.count >= 10)
        let auditBefore = try #require(try a.reading { try $0.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) })
        let outcomes = Mutex<[Int64: [String]]>([:])
        DispatchQueue.concurrentPerform(iterations: tickets.count * 2) { i in
            let n = tickets[i / 2]
            let result: String
            do {
                result = try (i % 2 == 0 ? a.claim(ticket: n, by: budi) : b.claim(ticket: n, by: dewi)).assigneeId.map { "won \($0)" } ?? "?"
            } catch let error as StoreError {
                result = "\(error.kind)"
            } catch {
                result = "error \(error)"
            }
            outcomes.withLock { $0[n, default: []].append(result) }
        }
        let all = outcomes.withLock { $0 }
        for n in tickets {
            let results = all[n] ?? []
            #expect(results.filter { $0.hasPrefix("won") }.count == 1, "ticket \(n): \(results)")
            #expect(results.filter { $0 == "conflict" }.count == 1, "ticket \(n): \(results)")
            let stored = try a.ticket(number: n)
            #expect(stored.assigneeId == budi.id || stored.assigneeId == dewi.id)
        }
        // One audit record per claim that won, and a chain with no gap or fork.
        let records = try #require(try a.reading { try $0.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) })
        #expect(records == auditBefore + tickets.count)
        #expect(try await a.store.verifyAuditChain() == .ok(records: records))
        await a.close(); await b.close()
    }
}
