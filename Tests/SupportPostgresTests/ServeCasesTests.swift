import Foundation
import TestSupport
import SupportAPI
import SupportCore
import SupportPostgres
import SupportRemote
import SupportStore
import Testing

/// Complaints, merges and bulk actions across service instances: two `paydesk serve
/// --store postgresql://…` on one database, the same change sent through each at the same
/// moment. The second must see what the first did — both decisions kept, one complaint
/// record, one merge, each ticket changed once — and be told so in the usual words.
@Suite struct ServeCasesTests {
    static func clients(_ a: ServePostgresTests.Instance, _ b: ServePostgresTests.Instance) throws -> (RemoteClient, RemoteClient) {
        let sari = RemoteClient(socketPath: a.socket, asLogin: "sari"), ops = RemoteClient(socketPath: b.socket, asLogin: "ops")
        _ = try sari.whoAmI(); _ = try ops.whoAmI()
        return (sari, ops)
    }

    @Test func twoInstancesChangingOneComplaintAtOnceTakeTurns() async throws {
        try await ServePostgresTests.twoInstances { a, b, engine, _ in
            let tickets = try engine.reading { db in
                try db.fetchValues("""
                    SELECT number FROM tickets WHERE category = 'complaint' AND subcategory != 'suggestion' AND status != 'closed'
                       AND id NOT IN (SELECT ticket_id FROM complaints) ORDER BY number LIMIT 6
                    """, as: Int64.self)
            }
            try #require(tickets.count == 6)
            for n in tickets {
                let (sari, ops) = try Self.clients(a, b)
                let opened = ServeSecurityTests.together([
                    { ServeSecurityTests.attempt { try sari.openComplaint(ticket: n, statement: "Saldo terpotong", expectedOutcome: "Refund").openedBy } },
                    { ServeSecurityTests.attempt { try ops.openComplaint(ticket: n, statement: "Double charge", expectedOutcome: "Refund").openedBy } },
                ])
                #expect(opened.filter { $0 == "sari" || $0 == "ops" }.count == 1, "\(n): \(opened)")
                #expect(opened.filter { $0.hasPrefix("conflict: ") && $0.contains("already has a complaint record") }.count == 1, "\(n): \(opened)")

                let decided = ServeSecurityTests.together([
                    { ServeSecurityTests.attempt { "decisions=\(try sari.recordDecision(ticket: n, text: "Refund approved by sari").decisions.count)" } },
                    { ServeSecurityTests.attempt { "decisions=\(try ops.recordDecision(ticket: n, text: "Goodwill credit by ops").decisions.count)" } },
                ])
                // Both kept, one after the other: the second saw the first's decision.
                #expect(Set(decided) == ["decisions=1", "decisions=2"], "\(n): \(decided)")
                let record = try #require(try engine.complaint(ticket: n))
                #expect(Set(record.decisions.map(\.decidedBy)) == ["sari", "ops"], "\(n)")
                let audited = try engine.auditRecords(entity: "ticket", entityId: String(n), limit: 50)
                #expect(audited.filter { $0.action == "complaint.decision" }.count == 2, "\(n)")
                #expect(audited.filter { $0.action == "complaint.open" }.count == 1, "\(n)")
            }
            #expect(try engine.verifyAuditChain().isOK)
        }
    }

    @Test func twoInstancesMergingOnePairAtOnceMergeItOnce() async throws {
        try await ServePostgresTests.twoInstances { a, b, engine, _ in
            let pairs = try engine.reading { db in
                try db.fetchRows("""
                    SELECT MIN(number) AS a, MAX(number) AS b FROM tickets
                     WHERE status NOT IN ('closed') AND merged_into IS NULL
                     GROUP BY customer_id HAVING COUNT(*) >= 2 ORDER BY customer_id LIMIT 6
                    """).map { ($0["a"] as Int64, $0["b"] as Int64) }
            }
            try #require(pairs.count == 6)
            for (from, into) in pairs {
                let (sari, ops) = try Self.clients(a, b)
                let copied = try Self.events(engine, into)
                let merged = ServeSecurityTests.together([
                    { ServeSecurityTests.attempt { try sari.merge(ticket: from, into: into); return "merged" } },
                    { ServeSecurityTests.attempt { try ops.merge(ticket: from, into: into); return "merged" } },
                ])
                #expect(merged.filter { $0 == "merged" }.count == 1, "\(from)→\(into): \(merged)")
                #expect(merged.filter { $0 == "conflict: \(TicketNumber.format(from)) was already merged into \(TicketNumber.format(into))." }.count == 1,
                        "\(from)→\(into): \(merged)")
                // The timeline was copied once and one merge was audited.
                let mergeLines = try engine.timeline(ticketNumber: into).filter { $0.kind == .merge }
                #expect(mergeLines.count == 1, "\(into)")
                let copiedNow = try Self.events(engine, into) - copied
                let source = try engine.timeline(ticketNumber: from).filter { [.customerMessage, .reply, .note].contains($0.kind) }.count
                #expect(copiedNow == source + 1, "\(from)→\(into)")
                #expect(try engine.auditRecords(entity: "ticket", entityId: String(from)).filter { $0.action == "ticket.merge" }.count == 1)
            }
            #expect(try engine.verifyAuditChain().isOK)
        }
    }

    static func events(_ engine: PostgresEngine, _ number: Int64) throws -> Int {
        try engine.timeline(ticketNumber: number).count
    }

    @Test func twoBulkActionsOverTheSameTicketsChangeEachOnce() async throws {
        try await ServePostgresTests.twoInstances { a, b, engine, demo in
            for round in 0..<4 {
                let tickets = try engine.reading { db in
                    try db.fetchValues("""
                        SELECT number FROM tickets WHERE status IN ('new', 'open') AND priority != 'p1' AND merged_into IS NULL
                        ORDER BY number LIMIT 8 OFFSET ?
                        """, [round * 8], as: Int64.self)
                }
                try #require(tickets.count == 8)
                let (sari, ops) = try Self.clients(a, b)
                let targets = tickets.map { BulkTarget(number: $0) }
                let runs = ServeSecurityTests.together([
                    { Result { try sari.bulk(.priority(.p1), tickets: targets) } },
                    { Result { try ops.bulk(.priority(.p1), tickets: targets) } },
                ])
                let outcomes = try runs.map { try $0.get() }
                let applied = outcomes.flatMap(\.applied).map(\.number)
                #expect(applied.sorted() == tickets, "round \(round): \(outcomes.map(\.summary))")
                let refused = outcomes.flatMap(\.refused)
                #expect(refused.map(\.number).sorted() == tickets, "round \(round)")
                for r in refused {
                    #expect(r.reason == "\(TicketNumber.format(r.number)) already has priority p1.", "round \(round): \(r.reason)")
                }
                for n in tickets {
                    let records = try engine.auditRecords(entity: "ticket", entityId: String(n), limit: 50)
                    #expect(records.filter { $0.action == "ticket.priority" }.count == 1, "\(n)")
                    #expect(records.filter { $0.action == "refused:ticket.priority" }.count == 1, "\(n)")
                }
            }
            #expect(try engine.verifyAuditChain().isOK)

            // A backup through a PostgreSQL instance is refused, naming pg_dump; nothing is written.
            let target = demo.source.dir.appendingPathComponent("copy.sqlite").path
            let backup = try ServePostgresTests.paydesk(a.socket, as: "ops", ["backup", target])
            #expect(backup.status == 6, "\(backup.output)")
            #expect(backup.stderr.contains("a backup is pg_dump's job"), "\(backup.output)")
            #expect(!FileManager.default.fileExists(atPath: target))
        }
    }
}

extension AuditVerification {
    var isOK: Bool { if case .ok = self { true } else { false } }
}
