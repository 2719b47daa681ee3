import Foundation
import GRDB
import TestSupport
@testable import SupportPostgres
@testable import SupportStore
import Testing

/// PostgreSQL plans the queue's pages from its statistics; these hold the shape that
/// matters at scale. The demo's tickets are copied into the 10M dataset's proportions
/// (~300,000 tickets, ~7,800 active, ~3,100 of them unassigned, the rest closed), the
/// table analysed as autovacuum would, and each Unassigned page's plan read: it must walk
/// the active index in its sort's order (no Sort node). Without the joint statistics of
/// assignee and status (`v14-queue-statistics`) the pages are read whole through the
/// assignee index, joined and sorted. Breaching's estimate comes from the deadline's
/// histogram; its pages are pinned (`pinQueuePlan`), and without the pin some sorts sort;
/// so are Pending's, whose next page by deadline starts past the histogram's end.
@Suite struct PostgresQueuePlanTests {
    static let now = Date(timeIntervalSince1970: 1_795_575_600)

    /// The demo in the 10M dataset's proportions, analysed.
    static func scaledDemo() async throws -> (demo: MigratedDemo, engine: PostgresEngine) {
        let demo = try await MigratedDemo.make()
        let engine = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, clock: { Self.now })
        _ = try engine.writing { session in
            try session.run("""
                INSERT INTO tickets (number, customer_id, subject, category, subcategory, channel, priority, status,
                                     assignee_id, created_at, updated_at, updated_by, first_response_at, solved_at,
                                     merged_into, sla_due_at, sla_warn_at, version, untriaged)
                SELECT number + g * 100000, customer_id, subject, category, subcategory, channel, priority,
                       CASE WHEN g <= 70 THEN status ELSE 'closed' END,
                       CASE WHEN g <= 70 THEN assignee_id ELSE COALESCE(assignee_id, (SELECT MIN(id) FROM agents)) END,
                       created_at - g, updated_at - g, updated_by, first_response_at,
                       CASE WHEN g <= 70 THEN solved_at ELSE COALESCE(solved_at, created_at) END, NULL,
                       CASE WHEN g <= 70 THEN sla_due_at - g * 60 ELSE ? END, sla_warn_at, 1, 0
                FROM tickets CROSS JOIN generate_series(1, 2200) AS g
                """, [Schema.noDeadline])
        }
        let shape = try engine.reading { session in
            try session.fetchRows("""
                SELECT COUNT(*) AS tickets,
                       COUNT(*) FILTER (WHERE status IN ('new','open','pending','on_hold')) AS active,
                       COUNT(*) FILTER (WHERE status IN ('new','open','pending','on_hold') AND assignee_id IS NULL) AS unassigned
                FROM tickets
                """, [])[0]
        }
        #expect((shape["tickets"] as Int64) > 300_000 && (shape["unassigned"] as Int64) > 2_000, "\(shape)")
        _ = try engine.writing { session in try session.run("ANALYZE tickets", []) }
        return (demo, engine)
    }

    @Test func unassignedPagesWalkTheActiveIndexAtScale() async throws {
        let (demo, engine) = try await Self.scaledDemo()
        defer { demo.source.remove() }
        let sari = try #require(try engine.agent(login: "sari"))
        func plans() throws -> [QueueSort: String] {
            var plans: [QueueSort: String] = [:]
            for sort in QueueSort.allCases {
                let spec = QueueSpec(view: .unassigned, sort: sort, actor: sari)
                let page = engine.queuePageStatement(spec, anchor: nil, forward: true, now: engine.now, dialect: .postgresql)
                plans[sort] = try engine.reading { session in
                    try session.fetchRows("EXPLAIN " + page.sql, page.arguments + [100]).map { $0[0] as String }
                }.joined(separator: "\n")
            }
            return plans
        }
        for (sort, plan) in try plans() {
            #expect(plan.contains("using \(sort.activeIndex) on tickets"), "\(sort):\n\(plan)")
            #expect(!plan.contains("Sort"), "\(sort):\n\(plan)")
        }
        // As the connection keeps each page's statement, with one plan for every value
        // (`force_generic_plan`, set with the pin): the same walk, no Sort.
        for sort in QueueSort.allCases {
            let spec = QueueSpec(view: .unassigned, sort: sort, actor: sari)
            _ = try engine.queuePage(spec, limit: 100)
            let page = engine.queuePageStatement(spec, anchor: nil, forward: true, now: engine.now, dialect: .postgresql)
            let text = PostgresSession.numbered(page.sql, typed: page.arguments + [100])
            // Read on the reads' own connection, which holds their prepared statements.
            let plan = try PostgresPreparedReadTests.onReadsConnection(engine) { run in
                let name = try #require(try run("SELECT name FROM pg_prepared_statements WHERE statement = ? AND generic_plans > 0",
                                                [text]).first?["name"] as String?)
                _ = try run("SET LOCAL enable_sort = off", [])
                _ = try run("SET LOCAL plan_cache_mode = force_generic_plan", [])
                let values = (page.arguments + [100]).map { "'\($0?.databaseValue.description ?? "")'" }.joined(separator: ", ")
                return try run("EXPLAIN EXECUTE \"\(name)\"(\(values))", []).map { $0[0] as String }.joined(separator: "\n")
            }
            #expect(plan.contains("using \(sort.activeIndex) on tickets") && !plan.contains("Sort"), "\(sort):\n\(plan)")
        }
        // Breaching, whose estimate comes from the deadline's histogram: the page's pin
        // makes the walk win in every sort; without it some sorts read and sort.
        for pinned in [true, false] {
            var sorted: [QueueSort] = []
            for sort in QueueSort.allCases {
                let spec = QueueSpec(view: .breaching, sort: sort, actor: sari)
                let page = engine.queuePageStatement(spec, anchor: nil, forward: true, now: engine.now, dialect: .postgresql)
                let plan = try engine.reading { session in
                    if pinned { try engine.pinQueuePlan(spec, session) }
                    return try session.fetchRows("EXPLAIN " + page.sql, page.arguments + [100]).map { $0[0] as String }
                }.joined(separator: "\n")
                if plan.contains("Sort") { sorted.append(sort) }
                if pinned { #expect(plan.contains("using \(sort.activeIndex) on tickets"), "breaching/\(sort):\n\(plan)") }
            }
            #expect(pinned ? sorted.isEmpty : !sorted.isEmpty, "pinned \(pinned): sorted in \(sorted)")
        }
        // Pending: its tickets wait without a deadline (the no-deadline mark, past the
        // histogram's end), so a next page from there is estimated at one row; at 10M that
        // plan joined every pending ticket and sorted them (a demo-sized customers table
        // does not tip the planner the same way, so here the pinned plan's shape is held,
        // and its rows are the unpinned plan's).
        _ = try engine.writing { session in
            try session.run("UPDATE tickets SET sla_due_at = ? WHERE status = 'pending'", [Schema.noDeadline])
            return try session.run("ANALYZE tickets", [])
        }
        let pending = QueueSpec(view: .pending, sort: .slaDue, actor: sari)
        let first = try engine.queuePage(pending, limit: 100)
        #expect(first.count == 100 && first.allSatisfy { $0.slaDueAt.map { $0.epoch == Schema.noDeadline } ?? true })
        let next = engine.queuePageStatement(pending, anchor: first.last, forward: true, now: engine.now, dialect: .postgresql)
        var rows: [Bool: [Int64]] = [:]
        for pinned in [true, false] {
            let (plan, ids) = try engine.reading { session in
                if pinned { try engine.pinQueuePlan(pending, session) }
                return (try session.fetchRows("EXPLAIN " + next.sql, next.arguments + [100]).map { $0[0] as String }.joined(separator: "\n"),
                        try session.fetchColumn(next.sql, next.arguments + [100]).compactMap(Int64.fromDatabaseValue))
            }
            if pinned { #expect(plan.contains("using tickets_active_due on tickets") && !plan.contains("Sort"), "\(plan)") }
            rows[pinned] = ids
        }
        #expect(rows[true] == rows[false] && rows[true]?.count == 100)
        #expect(try engine.queuePage(pending, after: first.last, limit: 100).map(\.id) == rows[true])
        // Without the joint statistics the same pages are read whole and sorted.
        _ = try engine.writing { session in
            try session.run("DROP STATISTICS tickets_assignee_status", [])
            return try session.run("ANALYZE tickets", [])
        }
        let unaided = try plans()
        #expect(unaided.values.contains { $0.contains("Sort") }, "\(unaided)")
        await engine.close()
    }
}
