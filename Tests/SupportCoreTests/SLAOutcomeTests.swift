import Foundation
import Testing
@testable import SupportCore

/// `SLAClock.outcomes(now:)`, which the supervisor's SLA rates read for every ticket of
/// the period, decides exactly what the full readings decide: over random clocks (every
/// default policy, business hours or not, holidays, pauses open and closed, overlapping,
/// before creation, after the solve), it equals `readings(now:).compactMap(SLAOutcome.of)`.
@Suite struct SLAOutcomeTests {
    @Test func outcomesEqualTheReadingsOutcomesOverRandomClocks() {
        var rng = SplitMix64(seed: 2026)
        func uniform(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound + Double(rng.next() % 1_000_000) / 1_000_000 * (range.upperBound - range.lowerBound)
        }
        let base = Date(timeIntervalSince1970: 1_764_547_200)   // 2025-12-01
        let holidays = BusinessCalendar(holidays: ["2025-12-25", "2026-01-01", "2026-03-20", "2026-03-21"])
        var kinds: [String: Int] = [:]
        for _ in 0..<3_000 {
            let policy = SLAPolicy.defaults[Int(rng.next() % UInt64(SLAPolicy.defaults.count))]
            let calendar = rng.next() % 2 == 0 ? holidays : BusinessCalendar()
            let created = base.addingTimeInterval(uniform(0...(120 * 86_400)))
            // Stops from minutes to weeks after creation, or none yet.
            let firstResponse = rng.next() % 4 == 0 ? nil : created.addingTimeInterval(uniform(0...(3 * 86_400)))
            let solved = rng.next() % 3 == 0 ? nil : (firstResponse ?? created).addingTimeInterval(uniform(0...(20 * 86_400)))
            var pauses: [(start: Date, end: Date?)] = []
            for _ in 0..<Int(rng.next() % 4) {
                let start = created.addingTimeInterval(uniform(-86_400...(15 * 86_400)))
                pauses.append((start, rng.next() % 5 == 0 ? nil : start.addingTimeInterval(uniform(60...(4 * 86_400)))))
            }
            let now = (solved ?? created).addingTimeInterval(uniform(-(2 * 86_400)...(30 * 86_400)))
            let clock = SLAClock(createdAt: created, firstResponseAt: firstResponse, solvedAt: solved,
                                 pauses: pauses, policy: policy, calendar: calendar)
            let readings = clock.readings(now: now)
            let expected = readings.compactMap(SLAOutcome.of)
            #expect(clock.outcomes(now: now) == expected, "\(clock) at \(now)")
            for reading in readings { kinds[reading.state.rawValue, default: 0] += 1 }
        }
        // The run reached every kind of clock the outcomes tell apart.
        for state in SLAState.allCases { #expect((kinds[state.rawValue] ?? 0) >= 5, "\(state): \(kinds)") }
    }
}
