import Foundation
import GRDB
import TestSupport
@testable import SupportPostgres
@testable import SupportStore
import Testing

/// On PostgreSQL at the 10M dataset's proportions, a whole view's numbers and versions
/// (marking it, `*`) are read as its pages are: the active views pinned
/// (`pinQueuePlan`) walk the active index of their sort, with no Sort node and no
/// customer or agent joined for each ticket. The walk is an index-only scan
/// (`v19-covering-active-queue`: the indexes carry the status, deadline, number and
/// version) once the table's pages are known all-visible — VACUUM, as autovacuum does on a
/// working database — so the tickets' rows, spread over all of history, are not visited.
@Suite struct PostgresQueueTicketVersionsPlanTests {
    @Test func theActiveViewsWalkTheirIndexWithoutJoins() async throws {
        let (demo, engine) = try await PostgresQueuePlanTests.scaledDemo()
        defer { demo.source.remove() }
        let vacuum = try ProgramRun.run(try PostgresCluster.start().binFolder + "/psql",
                                        [demo.location.uri, "-tAc", "VACUUM ANALYZE tickets"])
        #expect(vacuum.status == 0, "\(vacuum.output)")
        let sari = try #require(try engine.agent(login: "sari"))
        for view in [QueueView.team, .unassigned, .breaching] {
            for sort in QueueSort.allCases {
                let spec = QueueSpec(view: view, sort: sort, actor: sari)
                let statement = engine.queueTicketVersionsStatement(spec, now: engine.now, dialect: .postgresql)
                let plan = try engine.reading { session in
                    try engine.pinQueuePlan(spec, session)
                    return try session.fetchRows("EXPLAIN " + statement.sql, statement.arguments + [1_000]).map { $0[0] as String }
                }.joined(separator: "\n")
                let what = "\(view)/\(sort):\n\(plan)"
                let walk = sort.descending ? "Index Only Scan Backward using" : "Index Only Scan using"
                #expect(plan.contains("\(walk) \(sort.activeIndex) on tickets"), "\(what)")
                #expect(!plan.contains("Sort"), "\(what)")
                #expect(!plan.contains("customers") && !plan.contains("agents"), "\(what)")
                let marks = try engine.queueTicketVersions(spec, limit: 1_000)
                #expect(marks.count == 1_000 || view == .breaching, "\(what)")
                #expect(marks == (try engine.queuePage(spec, limit: 1_000)).map { TicketVersion(number: $0.number, version: $0.version) }, "\(view)/\(sort)")
            }
        }
        await engine.close()
    }
}
