import Foundation
import Testing
@testable import SupportCore

@Suite struct SLAPolicyTests {
    @Test func defaultsMatchTheProductTargets() throws {
        let p1 = try #require(SLAPolicy.policy(for: .p1, category: nil, in: SLAPolicy.defaults))
        #expect((p1.firstResponseMinutes, p1.resolutionMinutes, p1.usesBusinessHours) == (30, 240, false))
        let p2 = try #require(SLAPolicy.policy(for: .p2, category: .payment, in: SLAPolicy.defaults))
        #expect((p2.firstResponseMinutes, p2.resolutionMinutes, p2.usesBusinessHours) == (120, 720, true))
        let p3 = try #require(SLAPolicy.policy(for: .p3, category: nil, in: SLAPolicy.defaults))
        #expect((p3.firstResponseMinutes, p3.resolutionMinutes) == (480, 3 * 720))
        let p4 = try #require(SLAPolicy.policy(for: .p4, category: nil, in: SLAPolicy.defaults))
        #expect((p4.firstResponseMinutes, p4.resolutionMinutes) == (720, 5 * 720))
        #expect(SLAPolicy.defaults.allSatisfy { $0.warningShare == 0.75 })
    }

    @Test func categoryPolicyWinsOverGeneral() {
        let security = SLAPolicy(priority: .p2, category: .security, firstResponseMinutes: 15,
                                 resolutionMinutes: 120, usesBusinessHours: false)
        let policies = SLAPolicy.defaults + [security]
        #expect(SLAPolicy.policy(for: .p2, category: .security, in: policies) == security)
        #expect(SLAPolicy.policy(for: .p2, category: .payment, in: policies)?.firstResponseMinutes == 120)
        #expect(SLAPolicy.policy(for: .p2, category: nil, in: policies)?.category == nil)
    }

    @Test func missingPolicyIsNil() {
        let onlyP1 = SLAPolicy.defaults.filter { $0.priority == .p1 }
        #expect(SLAPolicy.policy(for: .p3, category: .account, in: onlyP1) == nil)
    }
}

@Suite struct SLAClockTests {
    let p1 = SLAPolicy.policy(for: .p1, category: nil, in: SLAPolicy.defaults)!
    let p2 = SLAPolicy.policy(for: .p2, category: nil, in: SLAPolicy.defaults)!
    let p3 = SLAPolicy.policy(for: .p3, category: nil, in: SLAPolicy.defaults)!

    func clock(_ policy: SLAPolicy, created: Date, firstResponse: Date? = nil, solved: Date? = nil,
               pauses: [(start: Date, end: Date?)] = [], calendar: BusinessCalendar = BusinessCalendar()) -> SLAClock {
        SLAClock(createdAt: created, firstResponseAt: firstResponse, solvedAt: solved,
                 pauses: pauses, policy: policy, calendar: calendar)
    }

    @Test func urgentClocksRunThroughTheWeekend() {
        let created = jakarta(2026, 11, 7, 22)   // Saturday night
        let readings = clock(p1, created: created).readings(now: created.plus(minutes: 10))
        #expect(readings.map(\.metric) == [.firstResponse, .resolution])
        let first = readings[0]
        #expect(first.targetMinutes == 30)
        #expect(first.due == jakarta(2026, 11, 7, 22, 30))
        #expect(first.elapsedMinutes == 10)
        #expect(first.remainingMinutes == 20)
        #expect(first.state == .ok)
        #expect(readings[1].due == jakarta(2026, 11, 8, 2))
    }

    @Test func warningAndBreachThresholds() {
        let created = jakarta(2026, 11, 2, 9)
        let sla = clock(p1, created: created)
        // 75 % of 30 minutes is 22.5 minutes.
        #expect(sla.firstResponse(now: created.plus(minutes: 22.49)).state == .ok)
        #expect(sla.firstResponse(now: created.plus(minutes: 22.5)).state == .warning)
        #expect(sla.firstResponse(now: created.plus(minutes: 29.9)).state == .warning)
        #expect(sla.firstResponse(now: created.plus(minutes: 30)).state == .breached)
        let late = sla.firstResponse(now: created.plus(minutes: 42))
        #expect(late.state == .breached)
        #expect(late.remainingMinutes == -12)
        #expect(sla.firstResponse(now: created).warningAt == created.plus(minutes: 22.5))
    }

    @Test func customWarningShare() {
        var early = p1
        early.warningShare = 0.5
        let created = jakarta(2026, 11, 2, 9)
        #expect(clock(early, created: created).firstResponse(now: created.plus(minutes: 15)).state == .warning)
        #expect(clock(early, created: created).firstResponse(now: created.plus(minutes: 14)).state == .ok)
    }

    @Test func stoppedClocksAreMetOrMissed() {
        let created = jakarta(2026, 11, 2, 9)
        let now = created.plus(hours: 10)
        #expect(clock(p1, created: created, firstResponse: created.plus(minutes: 25)).firstResponse(now: now).state == .met)
        #expect(clock(p1, created: created, firstResponse: created.plus(minutes: 30)).firstResponse(now: now).state == .met)
        let missed = clock(p1, created: created, firstResponse: created.plus(minutes: 31)).firstResponse(now: now)
        #expect(missed.state == .missed)
        #expect(missed.elapsedMinutes == 31)
        #expect(missed.stoppedAt == created.plus(minutes: 31))
        let solved = clock(p1, created: created, firstResponse: created.plus(minutes: 5),
                           solved: created.plus(hours: 3)).resolution(now: now)
        #expect(solved.state == .met)
        #expect(solved.elapsedMinutes == 180)
    }

    @Test func businessHoursClockSkipsTheWeekend() {
        let created = jakarta(2026, 11, 6, 19)   // Friday, one working hour left
        let sla = clock(p2, created: created)
        let saturday = sla.firstResponse(now: jakarta(2026, 11, 7, 12))
        #expect(saturday.due == jakarta(2026, 11, 9, 9))
        #expect(saturday.elapsedMinutes == 60)
        #expect(saturday.state == .ok)
        #expect(sla.firstResponse(now: jakarta(2026, 11, 9, 8, 30)).state == .warning)
        #expect(sla.firstResponse(now: jakarta(2026, 11, 9, 9)).state == .breached)
        // One business day (720 minutes) for resolution ends Monday 19:00.
        #expect(sla.resolution(now: saturday.due).due == jakarta(2026, 11, 9, 19))
    }

    @Test func holidaysPushTheDueDate() {
        let holidays = BusinessCalendar(holidays: ["2026-11-09"])
        let sla = clock(p2, created: jakarta(2026, 11, 6, 19), calendar: holidays)
        #expect(sla.firstResponse(now: jakarta(2026, 11, 6, 19)).due == jakarta(2026, 11, 10, 9))
    }

    @Test func urgentPolicyIgnoresHolidaysToo() {
        let holidays = BusinessCalendar(holidays: ["2026-11-09"])
        let created = jakarta(2026, 11, 9, 3)
        #expect(clock(p1, created: created, calendar: holidays).firstResponse(now: created).due == jakarta(2026, 11, 9, 3, 30))
    }

    @Test func zoneEdgeCreatedLateUTC() {
        // 23:30 UTC Monday = 06:30 Tuesday Jakarta, before opening: 2 business hours
        // of first response end at 10:00 Jakarta = 03:00 UTC.
        let created = utc(2026, 11, 2, 23, 30)
        let reading = clock(p2, created: created).firstResponse(now: utc(2026, 11, 3, 0, 30))
        #expect(reading.due == utc(2026, 11, 3, 3, 0))
        #expect(reading.elapsedMinutes == 0)
        #expect(reading.state == .ok)
    }

    @Test func pendingTimeShiftsResolutionDue() {
        let created = jakarta(2026, 11, 2, 9)
        // Pending Monday 10:00 to Tuesday 10:00 = 600 + 120 = 720 business minutes.
        let pause = (start: jakarta(2026, 11, 2, 10), end: Optional(jakarta(2026, 11, 3, 10)))
        let paused = clock(p3, created: created, firstResponse: created.plus(minutes: 30), pauses: [pause])
        let plain = clock(p3, created: created, firstResponse: created.plus(minutes: 30))
        let now = jakarta(2026, 11, 3, 12)
        #expect(plain.resolution(now: now).due == jakarta(2026, 11, 5, 9))
        let reading = paused.resolution(now: now)
        #expect(reading.due == jakarta(2026, 11, 6, 9))
        #expect(reading.elapsedMinutes == 60 + 120)
        #expect(reading.state == .ok)
        #expect(plain.resolution(now: now).elapsedMinutes == 60 + 600 + 240)
    }

    @Test func openPauseShowsPausedAndDueFromNow() {
        let created = jakarta(2026, 11, 2, 9)
        let now = jakarta(2026, 11, 2, 15)
        let sla = clock(p3, created: created, pauses: [(start: jakarta(2026, 11, 2, 11), end: nil)])
        let resolution = sla.resolution(now: now)
        #expect(resolution.state == .paused)
        #expect(resolution.elapsedMinutes == 120)
        // 2040 minutes left, counted from now: Mon 300, Tue 720, Wed 720, Thu 300 → 13:00.
        #expect(resolution.due == jakarta(2026, 11, 5, 13))
        // The first response clock does not pause: 360 of 480 minutes is the warning line.
        #expect(sla.firstResponse(now: now).state == .warning)
        #expect(sla.firstResponse(now: now).due == jakarta(2026, 11, 2, 17))
    }

    @Test func breachSurvivesAPause() {
        let created = jakarta(2026, 11, 7, 0)
        let sla = clock(p1, created: created, pauses: [(start: created.plus(hours: 5), end: nil)])
        #expect(sla.resolution(now: created.plus(hours: 6)).state == .breached)
    }

    @Test func overlappingPausesCountOnce() {
        let created = jakarta(2026, 11, 7, 0)
        let pauses: [(start: Date, end: Date?)] = [
            (start: created.plus(hours: 1), end: created.plus(hours: 2)),
            (start: created.plus(hours: 1.5), end: created.plus(hours: 3)),
        ]
        let reading = clock(p1, created: created, pauses: pauses).resolution(now: created.plus(hours: 3))
        #expect(reading.elapsedMinutes == 60)
        #expect(reading.due == created.plus(hours: 6))
    }

    @Test func pauseAfterSolveDoesNotCount() {
        let created = jakarta(2026, 11, 7, 0)
        let sla = clock(p1, created: created, solved: created.plus(hours: 2),
                        pauses: [(start: created.plus(hours: 3), end: nil)])
        let reading = sla.resolution(now: created.plus(hours: 9))
        #expect(reading.state == .met)
        #expect(reading.elapsedMinutes == 120)
        #expect(reading.due == created.plus(hours: 4))
    }

    @Test func pausesBeforeCreationAreIgnored() {
        let created = jakarta(2026, 11, 7, 0)
        let sla = clock(p1, created: created, pauses: [(start: created.plus(hours: -2), end: created.plus(hours: 1))])
        let reading = sla.resolution(now: created.plus(hours: 2))
        #expect(reading.elapsedMinutes == 60)
        #expect(reading.due == created.plus(hours: 5))
    }

    @Test func summaryPicksTheWorstRunningClock() {
        let created = jakarta(2026, 11, 7, 0)
        // First response breached, resolution still fine.
        #expect(clock(p1, created: created).summaryState(now: created.plus(minutes: 40)) == .breached)
        // First response met on time; resolution in its warning window.
        let answered = clock(p1, created: created, firstResponse: created.plus(minutes: 10))
        #expect(answered.summaryState(now: created.plus(hours: 3.5)) == .warning)
        // Both stopped: a miss outranks a meet.
        let done = clock(p1, created: created, firstResponse: created.plus(minutes: 45), solved: created.plus(hours: 1))
        #expect(done.summaryState(now: created.plus(hours: 8)) == .missed)
    }

    @Test func runningStates() {
        #expect(SLAState.paused.isRunning)
        #expect(SLAState.breached.isRunning)
        #expect(!SLAState.met.isRunning)
        #expect(!SLAState.missed.isRunning)
    }
}
