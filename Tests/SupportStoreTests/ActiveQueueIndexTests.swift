import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// The Team and Unassigned views walk a partial index of the active tickets in each sort's
/// order (v13-active-queue-indexes), where they sorted every active ticket for each page,
/// End and reload. The plans hold the walk; the oracle holds the rows: every page and End
/// equal to the plain query's order over the same tickets, before and after writes move
/// tickets in and out of the active set.
@Suite struct ActiveQueueIndexTests {
    static let views: [QueueView] = [.team, .unassigned, .breaching, .pending]

    /// Team, Unassigned and Breaching in every sort, Pending in every sort but its status
    /// index's own (SLA): no page sorts, each walks the active index of its sort.
    @Test func theActiveViewsWalkTheActiveIndexInEverySort() throws {
        let t = try TempStore(demo: true)
        try SeededStatistics.apply(to: t.store, perfIndexes: true)
        for login in ["sari", "budi"] {
            let actor = try t.agent(login)
            for view in Self.views {
                for sort in QueueSort.allCases {
                    let plans = try t.store.queuePagePlans(QueueSpec(view: view, sort: sort, actor: actor))
                    let index = view == .pending && sort == .slaDue ? "tickets_status_due" : sort.activeIndex
                    for (end, plan) in [("first", plans.first), ("last", plans.last)] {
                        let what = "\(login) \(view)/\(sort)/\(end): \(plan)"
                        #expect(SeededStatistics.sorts(plan).isEmpty, "\(what)")
                        #expect(plan.contains { $0.contains(" t USING INDEX \(index)") || $0.contains(" t USING COVERING INDEX \(index)") }, "\(what)")
                    }
                }
            }
        }
    }

    /// A supervisor's unfiltered Team and Pending are counted from the kept per-status counts
    /// alone (SupervisorStatusCountsTests holds their values); an agent's Pending, which
    /// depends on owners, and a filtered Team still read the tickets.
    @Test func theSupervisorsTeamAndPendingCountsReadTheKeptCounts() throws {
        let t = try TempStore(demo: true)
        let sari = try t.agent("sari")
        for view in [QueueView.team, .pending] {
            let plan = try t.store.queueCountPlan(QueueSpec(view: view, actor: sari))
            #expect(plan.allSatisfy { !$0.contains(" tickets") } && plan.contains { $0.contains("ticket_status_counts") }, "\(view): \(plan)")
        }
        let urgent = try QueryParser.parse("priority:p1", schema: .tickets, now: TempStore.fixedNow)
        for spec in [QueueSpec(view: .pending, actor: try t.agent("budi")), QueueSpec(view: .team, query: urgent, actor: sari)] {
            let plan = try t.store.queueCountPlan(spec)
            #expect(plan.contains { $0.contains(" t USING") } && !plan.contains { $0.contains("ticket_status_counts") }, "\(plan)")
        }
    }

    /// Without the pin, SQLite reads the status index and sorts: what the pin is for.
    @Test func unpinnedTheStatusIndexIsSorted() throws {
        let t = try TempStore(demo: true)
        try SeededStatistics.apply(to: t.store, perfIndexes: true)
        let spec = QueueSpec(view: .team, actor: try t.agent("sari"))
        let pinned = t.store.queuePageStatement(spec, anchor: nil, forward: true, now: t.store.now).sql
        let plain = pinned.replacingOccurrences(of: "INDEXED BY \(spec.sort.activeIndex) ", with: "")
        #expect(plain != pinned)
        #expect(!SeededStatistics.sorts(try SeededStatistics.plan(t.store, plain, [150])).isEmpty)
    }

    /// A filter keeps the planner's choice (a `number:` lookup seeks the unique number).
    @Test func aFilteredViewIsNotPinned() throws {
        let t = try TempStore(demo: true)
        let query = try QueryParser.parse("number:1002", schema: .tickets, now: TempStore.fixedNow)
        let spec = QueueSpec(view: .team, query: query, actor: try t.agent("sari"))
        #expect(!t.store.queuePageStatement(spec, anchor: nil, forward: true, now: t.store.now).sql.contains("INDEXED BY"))
    }

    /// The Untriaged view's pages and count walk its partial index: the planner took the
    /// status index and read every active ticket's row to test the flag.
    @Test func theUntriagedViewWalksItsIndex() throws {
        let t = try TempStore(demo: true)
        try SeededStatistics.apply(to: t.store, perfIndexes: true)
        for login in ["sari", "budi"] {
            let actor = try t.agent(login)
            for sort in QueueSort.allCases {
                let spec = QueueSpec(view: .untriaged, sort: sort, actor: actor)
                let plans = try t.store.queuePagePlans(spec)
                for plan in [plans.first, plans.last, try t.store.queueCountPlan(spec)] {
                    #expect(plan.contains { $0.contains("INDEX tickets_untriaged") }, "\(login) \(sort): \(plan)")
                }
            }
        }
    }

    @Test func pagesAndEndAreThePlainQuerysOrder() throws {
        let t = try TempStore(demo: true)
        // Flagged tickets for the Untriaged view, open and solved alike.
        // and enough waiting on the customer to page the Pending view.
        try t.store.pool.write { db in
            try db.execute(sql: "UPDATE tickets SET untriaged = 1 WHERE id % 3 = 1")
            try db.execute(sql: "UPDATE tickets SET status = 'pending' WHERE id % 4 = 2 AND status IN ('new','open')")
        }
        try compareEveryWalk(t)
        // Writes move tickets in and out of the partial indexes and along them.
        try t.store.pool.write { db in
            try db.execute(sql: "UPDATE tickets SET status = 'solved' WHERE id % 5 = 0 AND status IN ('new','open')")
            try db.execute(sql: "UPDATE tickets SET status = 'open', updated_at = updated_at + 7 WHERE id % 7 = 0 AND status = 'closed'")
            try db.execute(sql: "UPDATE tickets SET assignee_id = NULL, priority = 'p1' WHERE id % 3 = 0")
            try db.execute(sql: "UPDATE tickets SET sla_due_at = sla_due_at - 3600 WHERE id % 4 = 0")
        }
        try compareEveryWalk(t)
    }

    /// Walks every view and sort forward by keyset in small pages, backward from End, and
    /// takes End alone; each must list the plain query's ids in its order.
    private func compareEveryWalk(_ t: TempStore) throws {
        for login in ["sari", "budi"] {
            let actor = try t.agent(login)
            for view in Self.views + [.untriaged] {
                for sort in QueueSort.allCases {
                    let spec = QueueSpec(view: view, sort: sort, actor: actor)
                    let expected = try plainOrder(t, spec)
                    #expect(try t.store.queueCount(spec) == expected.count, "\(login) \(view)/\(sort): count")
                    #expect(expected.count > 10, "\(login) \(view)/\(sort): too few tickets to page")
                    var forward: [Int64] = []
                    var last: TicketSummary?
                    while true {
                        let page = try t.store.queuePage(spec, after: last, limit: 7)
                        guard let tail = page.last else { break }
                        forward += page.map(\.id)
                        last = tail
                    }
                    #expect(forward == expected, "\(login) \(view)/\(sort): forward")
                    let end = try t.store.queueLastPage(spec, limit: 7)
                    #expect(end.map(\.id) == Array(expected.suffix(7)), "\(login) \(view)/\(sort): End")
                    var backward = end.map(\.id)
                    var first = end.first
                    while let anchor = first {
                        let page = try t.store.queuePage(spec, before: anchor, limit: 7)
                        backward = page.map(\.id) + backward
                        first = page.first
                    }
                    #expect(backward == expected, "\(login) \(view)/\(sort): backward from End")
                }
            }
        }
    }

    /// The straightforward query: the view's tickets, sorted in Swift by the sort's keys.
    private func plainOrder(_ t: TempStore, _ spec: QueueSpec) throws -> [Int64] {
        var sql = "SELECT id, priority, sla_due_at, created_at, updated_at FROM tickets WHERE status IN ('new','open','pending','on_hold')"
        if spec.view == .unassigned { sql += " AND assignee_id IS NULL" }
        if spec.view == .untriaged { sql += " AND untriaged = 1" }
        if spec.view == .breaching { sql += " AND status <> 'pending' AND sla_due_at < \(t.store.now + 3_600)" }
        if spec.view == .pending { sql += " AND status = 'pending'" }
        if !spec.actor.role.can(.viewAllQueues) { sql += " AND (assignee_id = \(spec.actor.id) OR assignee_id IS NULL)" }
        let rows = try t.store.pool.read { db in try Row.fetchAll(db, sql: sql) }
        func key(_ r: Row) -> [Int64] {
            let id: Int64 = r["id"], due: Int64 = r["sla_due_at"]
            switch spec.sort {
            case .slaDue: return [due, id]
            case .priority: return [Int64(String((r["priority"] as String).dropFirst())) ?? 9, due, id]
            case .age: return [r["created_at"], id]
            case .updated: return [r["updated_at"], id]
            }
        }
        let sorted = rows.sorted { key($0).lexicographicallyPrecedes(key($1)) }
        return (spec.sort.descending ? sorted.reversed() : sorted).map { $0["id"] }
    }
}
