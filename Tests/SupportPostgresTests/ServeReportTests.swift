import Foundation
import SupportAPI
import SupportCore
import SupportPostgres
import SupportRemote
import SupportStore
import Testing
import TestSupport

/// Reports and satisfaction answers across service instances: two `paydesk serve --store
/// postgresql://…` on one database. One ticket rated at once through both instances is
/// rated once and the other agent is told by whom; the supervisor screen asked through
/// one instance shows what was recorded through the other; `paydesk report` and the
/// exports' audit records run through an instance, and the chain both wrote verifies.
@Suite struct ServeReportTests {
    @Test func oneTicketRatedAtOnceThroughTwoInstancesIsRatedOnce() async throws {
        try await ServePostgresTests.twoInstances { a, b, engine, demo in
            let unrated = try engine.reading { db in
                try db.fetchValues("""
                    SELECT t.number FROM tickets t WHERE t.status IN ('solved','closed')
                      AND NOT EXISTS (SELECT 1 FROM csat_responses c WHERE c.ticket_id = t.id) ORDER BY t.number LIMIT 6
                    """, as: Int64.self)
            }
            #expect(unrated.count == 6)
            let sari = RemoteClient(socketPath: b.socket, asLogin: "sari")
            let before = try sari.supervisorDashboard(periodDays: 1).csat.rows.first?.responses ?? -1
            // A console on B, as sari's would be: it asks again once it hears of a change.
            let feed = try sari.changeFeed()
            defer { feed.close() }
            var heard = Set<Int64>()

            for number in unrated {
                let budi = RemoteClient(socketPath: a.socket, asLogin: "budi"), dewi = RemoteClient(socketPath: b.socket, asLogin: "dewi")
                _ = try budi.whoAmI(); _ = try dewi.whoAmI()
                let rated = ServeSecurityTests.together([
                    { ServeSecurityTests.attempt { "\(try budi.recordCSAT(ticket: number, score: 4).recordedBy)" } },
                    { ServeSecurityTests.attempt { "\(try dewi.recordCSAT(ticket: number, score: 1).recordedBy)" } },
                ])
                let winner = rated.first { $0 == "budi" || $0 == "dewi" }
                #expect(rated.filter { $0 == "budi" || $0 == "dewi" }.count == 1, "\(number): \(rated)")
                // The loser waited for the winner's row and is told who rated it, not that a key repeated.
                #expect(rated.filter { $0.hasPrefix("conflict: ") && $0.contains("was already rated") && $0.contains("by \(winner ?? "?")") }.count == 1,
                        "\(number): \(rated)")
                let (answers, events) = try engine.reading { db in
                    (try db.fetchValue("SELECT COUNT(*) FROM csat_responses c JOIN tickets t ON t.id = c.ticket_id WHERE t.number = ?",
                                       [number], as: Int.self),
                     try db.fetchValue("SELECT COUNT(*) FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.number = ? AND e.kind = 'csat'",
                                       [number], as: Int.self))
                }
                #expect(answers == 1 && events == 1, "\(number)")
            }

            // Recorded through A and B, seen on the supervisor screen through B once B's
            // console has heard of every rating: no figures held over (B's figures are
            // shared and kept until a change, its own or one A announces).
            let deadline = ContinuousClock.now + .seconds(10)
            while !heard.isSuperset(of: unrated) && ContinuousClock.now < deadline {
                if let change = feed.poll() { heard.formUnion(change.tickets) } else { usleep(2_000) }
            }
            #expect(heard.isSuperset(of: unrated), "B's console heard \(heard.sorted()) of \(unrated)")
            let after = try sari.supervisorDashboard(periodDays: 1).csat.rows.first?.responses ?? -1
            #expect(after == before + 6, "\(before) → \(after)")
            let report = try ServePostgresTests.paydesk(a.socket, as: "sari", ["report", "csat"])
            #expect(report.status == 0, "\(report.output)")
            #expect(report.output.contains("budi") && report.output.contains("dewi"), "\(report.output)")
            let refused = try ServePostgresTests.paydesk(b.socket, as: "budi", ["report", "sla"])
            #expect(refused.status != 0 && refused.output.contains("view reports"), "\(refused.output)")

            let records = try #require(try engine.reading { try $0.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) })
            #expect(try engine.verifyAuditChain() == .ok(records: records))
        }
    }
}
