import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// The supervisor figures are computed once per change and shared; never stale past a
/// commit (this process's or another's) or past `freshSeconds`.
@Suite struct DashboardMemoTests {
    func computations(_ f: ReportFixture) -> Int { f.store.dashboardMemo.computations.withLock { $0 } }

    @Test func askingAgainWithoutAChangeComputesNothing() throws {
        let f = try ReportFixture()
        let first = try f.store.supervisorDashboard()
        let second = try f.store.supervisorDashboard()
        #expect(computations(f) == 1)
        #expect(second.generatedAt == first.generatedAt && second.breachedNow == first.breachedNow)
        // Another period is another entry.
        _ = try f.store.supervisorDashboard(periodDays: 30)
        #expect(computations(f) == 2)
    }

    @Test func aCommitInThisProcessIsSeenAtOnce() throws {
        let f = try ReportFixture()
        let before = try f.store.supervisorDashboard()
        #expect(before.attention.map(\.number).contains(f.t[9]!) == false)
        _ = try f.store.escalate(ticket: f.t[9]!, reason: "customer called twice", by: f.dewi)
        let after = try f.store.supervisorDashboard()
        #expect(computations(f) == 2)
        #expect(after.attention.map(\.number).contains(f.t[9]!), "the escalation is in the Attention box at once")
    }

    @Test func aCommitByAnotherConnectionIsSeenAtOnce() throws {
        let f = try ReportFixture()
        let before = try f.store.supervisorDashboard()
        #expect(before.breachingSoon.map(\.number) == [f.t[5]!])
        // Another process (here a separate connection) moves the due time out of the hour.
        let other = try DatabaseQueue(path: f.store.path)
        try other.write { db in
            try db.execute(sql: "UPDATE tickets SET sla_due_at = sla_due_at + 86400 WHERE number = ?", arguments: [f.t[5]!])
        }
        let after = try f.store.supervisorDashboard()
        #expect(computations(f) == 2)
        #expect(after.breachingSoon.isEmpty)
    }

    @Test func theClockAloneRefreshesAfterTheFreshWindow() throws {
        let f = try ReportFixture()
        let first = try f.store.supervisorDashboard()
        f.clock.now = f.clock.now.addingTimeInterval(DashboardMemo.freshSeconds - 1)
        #expect(try f.store.supervisorDashboard().generatedAt == first.generatedAt)
        f.clock.now = f.clock.now.addingTimeInterval(2)
        let later = try f.store.supervisorDashboard()
        #expect(later.generatedAt > first.generatedAt)
        #expect(computations(f) == 2)
        // A clock moved back (a corrected host clock) never serves the future's figures.
        f.clock.now = first.generatedAt.addingTimeInterval(-60)
        #expect(try f.store.supervisorDashboard().generatedAt == f.clock.now)
    }

    @Test func supervisorsAskingAtOnceShareOneComputation() async throws {
        let f = try ReportFixture()
        let store = f.store
        let results = try await withThrowingTaskGroup(of: Date.self) { group in
            for _ in 0..<8 { group.addTask { try store.supervisorDashboard().generatedAt } }
            return try await group.reduce(into: [Date]()) { $0.append($1) }
        }
        #expect(results.count == 8 && Set(results).count == 1)
        #expect(computations(f) == 1)
    }

    /// The volume's days before today are taken from the count of a moment ago (as the SLA
    /// rates are, for `slaSeconds`); today's tickets are counted on every computation.
    @Test func theVolumeCountsTodayAtOnceAndTheDaysBeforeWithTheSLARates() throws {
        let f = try ReportFixture()
        func web(_ d: SupervisorDashboard) -> [Int] { d.volume.row(.web)?.perDay ?? [] }
        let first = try f.store.supervisorDashboard()
        #expect(web(first)[8] == 1, "T1, opened on the web on 20 November")
        let customer = try f.store.insertCustomerForTesting(name: "Ayu", phone: "+6281200000002", email: "ayu@example.com")
        _ = try f.store.createTicket(NewTicket(customerId: customer, subject: "new today", body: "help", category: .payment,
                                               channel: .web, priority: .p3), by: nil)
        let afterNew = try f.store.supervisorDashboard()
        #expect(computations(f) == 2)
        #expect(web(afterNew).last == web(first).last.map { $0 + 1 }, "a ticket opened today is counted at once")
        // Another connection moves T1's opening four days on: an earlier day's count changes,
        // which only a full count (once the SLA window has passed) sees.
        let other = try DatabaseQueue(path: f.store.path)
        try other.write { db in
            try db.execute(sql: "UPDATE tickets SET created_at = created_at + 4 * 86400 WHERE number = ?", arguments: [f.t[1]!])
        }
        let reused = try f.store.supervisorDashboard()
        #expect(computations(f) == 3)
        #expect(web(reused) == web(afterNew), "the days before today as counted a moment ago")
        f.clock.now = f.clock.now.addingTimeInterval(DashboardMemo.slaSeconds)
        let counted = try f.store.supervisorDashboard()
        #expect(counted.volume.rows == (try f.store.volumeReport(period: .lastDays(14, endingAt: f.clock.now)).rows))
        #expect(web(counted)[8] == 0 && web(counted)[12] == web(afterNew)[12] + 1, "\(web(counted))")
    }
}
