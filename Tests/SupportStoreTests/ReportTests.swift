import Foundation
import SupportCore
import Testing
@testable import SupportStore

/// Every figure here is counted by hand from the table in `ReportFixture`.
@Suite struct ReportTests {
    @Test func backlogCountsNowAndFlowOverTheWeek() throws {
        let f = try ReportFixture()
        let r = try f.store.backlogReport(period: f.week)
        #expect(r.total == 6)
        #expect(r.backlog("status", "new") == 2)
        #expect(r.backlog("status", "open") == 3)
        #expect(r.backlog("status", "pending") == 1)
        #expect(r.backlog("status", "on_hold") == 0)
        let category = Dictionary(uniqueKeysWithValues: r.rows("category").map { ($0.value, [$0.backlog, $0.created!, $0.solved!]) })
        #expect(category == ["payment": [1, 2, 1], "account": [0, 2, 2], "security": [2, 2, 0],
                             "technical": [2, 2, 0], "complaint": [1, 0, 0]])
        let priority = Dictionary(uniqueKeysWithValues: r.rows("priority").map { ($0.value, [$0.backlog, $0.created!, $0.solved!]) })
        #expect(priority == ["p1": [2, 2, 0], "p2": [1, 2, 1], "p3": [2, 3, 2], "p4": [1, 1, 0]])
        let total = try #require(r.rows("total").first)
        #expect(total.created == 8 && total.solved == 3)
    }

    @Test func breachRatesTodayAndOverTheWeek() throws {
        let f = try ReportFixture()
        let week = try f.store.slaReport(period: f.week)
        let all = try #require(week.row())
        #expect(all.met == 6 && all.breached == 4)
        #expect(all.breachRate == 0.4)
        #expect(Stats.percent(all.breachRate) == "40.0%")
        #expect(all.breachedTickets == f.numbers(2, 3, 6))
        let fr = try #require(week.row("first_response"))
        #expect(fr.met == 4 && fr.breached == 2 && fr.breachedTickets == f.numbers(3, 6))
        let res = try #require(week.row("resolution"))
        #expect(res.met == 2 && res.breached == 2 && res.breachedTickets == f.numbers(2, 3))
        #expect(week.row(priority: "p1").map { [$0.met, $0.breached] } == [0, 1])
        #expect(week.row(priority: "p2").map { [$0.met, $0.breached] } == [1, 3])
        #expect(week.row(priority: "p3").map { [$0.met, $0.breached] } == [5, 0])
        #expect(week.row(priority: "p4").map { [$0.met, $0.breached] } == [0, 0])
        #expect(week.row(priority: "p4")?.breachRate == nil)

        let today = try #require(try f.store.slaReport(period: f.today).row())
        #expect(today.met == 1 && today.breached == 2)
        #expect(Stats.percent(today.breachRate) == "66.7%")
        #expect(today.breachedTickets == f.numbers(3, 6))
    }

    @Test func mediansInBusinessMinutesAcrossTheWeekend() throws {
        let f = try ReportFixture()
        let r = try f.store.agentReport(period: f.week)
        let budi = try #require(r.row("budi"))
        // T1 came in Friday 19:00 and was answered Monday 09:00: one evening hour and one
        // morning hour count, the weekend does not.
        #expect(budi.firstResponses == 2)
        #expect(budi.medianFirstResponseMinutes == 75)        // median of 120 and 30
        #expect(budi.medianResolutionMinutes == 555)          // median of 300 and 810
        #expect(budi.solved == 2 && budi.solvedTickets == f.numbers(1, 2))
        #expect(budi.open == 1 && budi.pending == 1)
        #expect(budi.csatResponses == 2 && budi.csatAverage == 4)
        let dewi = try #require(r.row("dewi"))
        #expect(dewi.medianFirstResponseMinutes == 60)        // 240, 30, 60
        #expect(dewi.medianResolutionMinutes == 60)
        #expect(dewi.open == 2 && dewi.pending == 0 && dewi.solved == 1)
        #expect(dewi.csatAverage == 2)
        #expect(r.row("sari")?.firstResponses == 0 && r.row("sari")?.medianFirstResponseMinutes == nil)
        #expect(r.row("root") == nil)                          // admins do not work tickets
        #expect(r.team.medianFirstResponseMinutes == 60)      // 30, 30, 60, 120, 240
        #expect(r.team.medianResolutionMinutes == 300)        // 60, 300, 810
        #expect(r.team.solved == 3)

        let today = try f.store.agentReport(period: f.today)
        #expect(today.row("dewi")?.firstResponseTickets == f.numbers(9))
        #expect(today.row("budi")?.medianFirstResponseMinutes == nil)
        #expect(today.team.solved == 0)
    }

    @Test func handlingTimeHelpersCountOnlyWorkingMinutes() {
        let calendar = BusinessCalendar()
        let friday = ReportFixture.local("2026-11-20 19:00")
        #expect(HandlingTime.firstResponseMinutes(created: friday, firstReply: ReportFixture.local("2026-11-23 09:00"), calendar: calendar) == 120)
        #expect(HandlingTime.resolutionMinutes(created: ReportFixture.local("2026-11-23 08:30"),
                                               solved: ReportFixture.local("2026-11-24 10:00"), calendar: calendar) == 810)
        #expect(Stats.median([]) == nil)
        #expect(Stats.median([5]) == 5)
        #expect(Stats.median([4, 1, 3]) == 3)
        #expect(Stats.median([1, 2, 3, 10]) == 2.5)
    }

    @Test func volumePerChannelPerDay() throws {
        let f = try ReportFixture()
        let r = try f.store.volumeReport(period: .lastDays(14, endingAt: ReportFixture.now))
        #expect(r.days.count == 14 && r.days.first == "2026-11-12" && r.days.last == "2026-11-25")
        func perDay(_ c: Channel) -> [Int: Int] {
            Dictionary(uniqueKeysWithValues: (r.row(c)?.perDay ?? []).enumerated().filter { $0.element > 0 }.map { ($0.offset, $0.element) })
        }
        #expect(perDay(.web) == [8: 1])
        #expect(perDay(.appChat) == [11: 1, 13: 2])
        #expect(perDay(.phone) == [12: 1])
        #expect(perDay(.email) == [12: 1, 13: 1])
        #expect(perDay(.social) == [13: 1])
        #expect(r.total == 8)
    }

    @Test func csatAveragesPerAgentAndCategory() throws {
        let f = try ReportFixture()
        let r = try f.store.csatReport(period: f.week)
        let total = try #require(r.row("total", "all"))
        #expect(total.responses == 3 && total.satisfied == 1 && total.distribution == [0, 1, 1, 0, 1])
        #expect(Stats.oneDecimal(total.average) == "3.3")
        #expect(r.row("agent", "budi")?.average == 4 && r.row("agent", "budi")?.responses == 2)
        #expect(r.row("agent", "dewi")?.average == 2)
        #expect(r.row("agent", "sari")?.responses == 0 && r.row("agent", "sari")?.average == nil)
        #expect(r.row("category", "account")?.average == 2.5)
        #expect(r.row("category", "payment")?.average == 5)
        #expect(r.row("category", "security")?.responses == 0)
        #expect(r.row("category", "account")?.tickets == f.numbers(2, 8))
        // Outside the period nothing counts.
        let earlier = ReportPeriod(from: LocalDate("2026-11-01")!, to: LocalDate("2026-11-20")!)
        #expect(try f.store.csatReport(period: earlier).row("total", "all")?.responses == 0)
    }

    @Test func dashboardAgingBreachesAndAttention() throws {
        let f = try ReportFixture()
        let d = try f.store.supervisorDashboard()
        #expect(d.aging.map(\.count) == [1, 1, 2, 1, 0, 1])
        #expect(d.aging[0].tickets == f.numbers(5) && d.aging[2].tickets == f.numbers(4, 9) && d.aging[5].tickets == f.numbers(7))
        #expect(d.breachingSoon.map(\.number) == f.numbers(5))
        #expect(d.breachedNow == [f.t[3]!, f.t[6]!])
        // Escalated first (its SLA ran out at 14:20), then the complaint due tomorrow.
        #expect(d.attention.map(\.number) == [f.t[6]!, f.t[7]!])
        #expect(d.attention[0].escalated && d.attention[1].complaintLevel == .agent)
        #expect(d.slaToday.row()?.breached == 2 && d.slaWeek.row()?.breached == 4)
        #expect(d.solvedToday["budi"] == [] && d.agents.row("budi")?.solved == 2)
        #expect(d.volume.days.count == 14)
    }
}
