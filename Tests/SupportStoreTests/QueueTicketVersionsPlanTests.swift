import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// The numbers and versions of a whole view (marking it, `*`) are read through the index
/// the view's pages walk, in its order, without sorting, and without joining a customer
/// or an assignee for each ticket: the joins were most of what the key cost at 10M. The
/// active views read no ticket's row at all: their indexes carry what the marks keep.
@Suite struct QueueTicketVersionsPlanTests {
    @Test func theActiveViewsWalkTheirPagesIndexWithoutJoins() throws {
        let t = try TempStore(demo: true)
        try SeededStatistics.apply(to: t.store, perfIndexes: true)
        for login in ["sari", "budi"] {
            let actor = try t.agent(login)
            for view in ActiveQueueIndexTests.views {
                for sort in QueueSort.allCases {
                    let spec = QueueSpec(view: view, sort: sort, actor: actor)
                    let plan = try t.store.queueTicketVersionsPlan(spec)
                    let byStatus = view == .pending && sort == .slaDue
                    let index = byStatus ? "tickets_status_due" : sort.activeIndex
                    let what = "\(login) \(view)/\(sort): \(plan)"
                    #expect(SeededStatistics.sorts(plan).isEmpty, "\(what)")
                    // The active indexes carry the number and version (`CoveringQueueSchema`): no
                    // visit to the table for any of the thousand. Pending by SLA walks the status
                    // index over every ticket, which does not carry them.
                    let covering = " t USING COVERING INDEX \(index)"
                    #expect(plan.contains { $0.contains(covering) || (byStatus && $0.contains(" t USING INDEX \(index)")) }, "\(what)")
                    #expect(!plan.contains { $0.contains(" c ") || $0.contains(" a ") }, "no customer or agent per ticket: \(what)")
                }
            }
        }
    }

    /// A filter on the customer's name joins customers (the condition names them); others do not.
    @Test func onlyACustomerFilterJoinsCustomers() throws {
        let t = try TempStore(demo: true)
        let actor = try t.agent("sari")
        for (text, joins) in [("customer:a", true), ("prio:p1 status:open", false), ("assignee:dewi", false)] {
            let query = try QueryParser.parse(text, schema: .tickets, now: TempStore.fixedNow)
            let spec = QueueSpec(view: .all, query: query, actor: actor)
            let sql = t.store.queueTicketVersionsStatement(spec, now: t.store.now).sql
            #expect(sql.contains("JOIN customers c") == joins, "\(text): \(sql)")
            #expect(!sql.contains("JOIN agents"), "\(text): \(sql)")
            #expect(try t.store.queueTicketVersions(spec, limit: 1_000).map(\.number)
                    == t.store.queuePage(spec, limit: 1_000).map(\.number), "\(text)")
        }
    }
}
