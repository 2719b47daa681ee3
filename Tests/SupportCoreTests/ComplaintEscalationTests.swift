import Foundation
import Testing
@testable import SupportCore

@Suite struct ComplaintEscalationTests {
    typealias E = ComplaintEscalation

    private func refusal(_ from: ComplaintLevel, _ to: ComplaintLevel, _ role: Role) -> ComplaintEscalationError? {
        do { try E.check(from: from, to: to, role: role); return nil } catch { return error }
    }

    @Test func ladderGoesAgentSupervisorManagementRegulator() {
        #expect(ComplaintLevel.allCases == [.agent, .supervisor, .management, .regulator])
        #expect(ComplaintLevel.agent.next == .supervisor)
        #expect(ComplaintLevel.management.next == .regulator)
        #expect(ComplaintLevel.regulator.next == nil)
        #expect(ComplaintLevel.agent < .regulator)
    }

    @Test func agentsMayOnlyHandAComplaintToASupervisor() {
        #expect(refusal(.agent, .supervisor, .agent) == nil)
        let jump = refusal(.agent, .management, .agent)
        #expect(jump == .roleTooLow(role: .agent, to: .management, needed: .supervisor))
        #expect(jump?.isPermission == true)
        #expect(refusal(.supervisor, .management, .agent)?.isPermission == true)
        #expect(refusal(.management, .regulator, .agent)?.isPermission == true)
        #expect(E.allowedTargets(from: .agent, role: .agent) == [.supervisor])
        #expect(E.allowedTargets(from: .supervisor, role: .agent) == [])
    }

    @Test func supervisorsTakeItToManagementButNotToTheRegulator() {
        #expect(refusal(.agent, .supervisor, .supervisor) == nil)
        #expect(refusal(.supervisor, .management, .supervisor) == nil)
        let regulator = refusal(.management, .regulator, .supervisor)
        #expect(regulator == .roleTooLow(role: .supervisor, to: .regulator, needed: .admin))
        #expect(regulator?.description == "a supervisor may not escalate a complaint to the external regulator; that needs an admin")
    }

    @Test func onlyAdminsGoToTheRegulator() {
        #expect(refusal(.management, .regulator, .admin) == nil)
        #expect(E.allowedTargets(from: .management, role: .admin) == [.regulator])
        #expect(E.allowedTargets(from: .management, role: .supervisor) == [])
        #expect(E.minimumRole(toReach: .regulator) == .admin)
        #expect(E.minimumRole(toReach: .agent) == nil)
    }

    @Test func nobodySkipsALevelWhateverTheRole() {
        let skip = refusal(.agent, .management, .supervisor)
        #expect(skip == .skipsLevel(from: .agent, to: .management, next: .supervisor))
        #expect(skip?.isPermission == false)
        #expect(refusal(.supervisor, .regulator, .admin) == .skipsLevel(from: .supervisor, to: .regulator, next: .management))
        #expect(refusal(.agent, .regulator, .admin) != nil)
        #expect(skip?.description.contains("cannot skip a level") == true)
    }

    @Test func complaintsOnlyMoveUp() {
        #expect(refusal(.supervisor, .supervisor, .admin) == .notUpward(from: .supervisor, to: .supervisor))
        #expect(refusal(.management, .supervisor, .admin) == .notUpward(from: .management, to: .supervisor))
        #expect(refusal(.supervisor, .agent, .admin)?.description.contains("only moves up") == true)
        #expect(E.allowedTargets(from: .regulator, role: .admin) == [])
    }

    @Test func theLevelHoldingAComplaintClosesIt() {
        #expect(E.mayClose(at: .agent, role: .agent))
        #expect(!E.mayClose(at: .supervisor, role: .agent))
        #expect(E.mayClose(at: .supervisor, role: .supervisor))
        #expect(!E.mayClose(at: .management, role: .supervisor))
        #expect(E.mayClose(at: .management, role: .admin))
        #expect(E.mayClose(at: .regulator, role: .admin))
    }
}

@Suite struct ComplaintEscalationDeadlineTests {
    /// The store's default holidays around the year end.
    let calendar = BusinessCalendar(holidays: ["2026-12-24", "2026-12-25", "2027-01-01"])

    @Test func twentyWorkingDaysFromAFridayBeforeTheHolidays() {
        // Friday 18 December 2026; Christmas Eve (cuti bersama), Christmas and New Year's
        // Day are off, as are weekends: the twentieth working day is Wednesday 20 January.
        let received = jakarta(2026, 12, 18, 16, 45)
        #expect(calendar.workingDaysDeadline(20, after: received) == jakarta(2027, 1, 20, 20))
        // Without the holidays it would have been Friday 15 January.
        #expect(BusinessCalendar().workingDaysDeadline(20, after: received) == jakarta(2027, 1, 15, 20))
    }

    @Test func theDayOfReceiptNeverCounts() {
        let early = calendar.workingDaysDeadline(1, after: jakarta(2026, 11, 2, 0, 5))
        let late = calendar.workingDaysDeadline(1, after: jakarta(2026, 11, 2, 23, 50))
        #expect(early == jakarta(2026, 11, 3, 20))
        #expect(late == early)
        // Received on a Saturday: the first working day is Monday.
        #expect(calendar.workingDaysDeadline(1, after: jakarta(2026, 11, 7, 12)) == jakarta(2026, 11, 9, 20))
        #expect(calendar.workingDaysDeadline(0, after: jakarta(2026, 11, 2, 9)) == jakarta(2026, 11, 2, 20))
    }

    @Test func countingWorkingDaysBetweenTwoMoments() {
        #expect(calendar.workingDays(from: jakarta(2026, 12, 18, 9), to: jakarta(2027, 1, 20, 9)) == 20)
        #expect(calendar.workingDays(from: jakarta(2026, 12, 18, 9), to: jakarta(2026, 12, 18, 19)) == 0)
        #expect(calendar.workingDays(from: jakarta(2026, 12, 23, 9), to: jakarta(2026, 12, 28, 9)) == 1)
    }

    @Test func anAlwaysOpenCalendarCountsEveryDayToMidnight() {
        let always = BusinessCalendar.always
        #expect(always.workingDaysDeadline(2, after: jakarta(2026, 11, 6, 15)) == jakarta(2026, 11, 9))
    }

    @Test func workingTimeReadsInWorkingDaysAndHours() {
        #expect(calendar.workingTimeText(seconds: 19 * 12 * 3_600 + 10 * 3_600) == "19 wd 10h")
        #expect(calendar.workingTimeText(seconds: 5 * 3_600 + 59 * 60) == "5h")
        #expect(calendar.workingTimeText(seconds: 35 * 60) == "35m")
        #expect(calendar.workingTimeText(seconds: -5) == "0m")
    }

    private func clock(now: Date, closedAt: Date? = nil) -> ComplaintClock {
        ComplaintClock.reading(receivedAt: jakarta(2026, 12, 18, 10), due: jakarta(2027, 1, 20, 20),
                               closedAt: closedAt, now: now, calendar: calendar)
    }

    @Test func theClockRunsOkThenWarnsInTheLastQuarterThenBreaches() {
        let early = clock(now: jakarta(2026, 12, 21, 10))
        #expect(early.state == .ok)
        #expect(early.text == "19 wd 10h left")
        // Five days before the end: 46 working hours of 250 remain, under a quarter.
        let late = clock(now: jakarta(2027, 1, 15, 10))
        #expect(late.state == .warning)
        #expect(late.text == "3 wd 10h left")
        let overdue = clock(now: jakarta(2027, 1, 21, 9))
        #expect(overdue.state == .breached)
        #expect(overdue.text == "overdue 1h")
        #expect(overdue.remainingSeconds == -3_600)
        // After closing time on the due day nothing has been worked yet, but it is overdue.
        #expect(clock(now: jakarta(2027, 1, 20, 21)).text == "overdue")
    }

    @Test func aClosedComplaintMetOrMissedItsDeadline() {
        let met = clock(now: jakarta(2027, 2, 1), closedAt: jakarta(2027, 1, 5, 12))
        #expect(met.state == .met)
        #expect(met.text == "met")
        let missed = clock(now: jakarta(2027, 2, 1), closedAt: jakarta(2027, 1, 22, 12))
        #expect(missed.state == .missed)
        #expect(missed.text == "missed by 1 wd 4h")
    }
}
