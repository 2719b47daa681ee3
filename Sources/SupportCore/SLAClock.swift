import Foundation

/// A span during which the ticket waited on the customer (status pending). An open span
/// (`end == nil`) is still running.
public struct SLAPause: Sendable, Hashable {
    public var start: Date
    public var end: Date?

    public init(start: Date, end: Date?) { self.start = start; self.end = end }
}

public enum SLAMetric: String, Sendable, Codable, CaseIterable {
    case firstResponse = "first_response"
    case resolution
}

public enum SLAState: String, Sendable, Codable, CaseIterable {
    case ok          // running, below the warning share
    case warning     // running, elapsed ≥ warningShare × target
    case breached    // running, target used up
    case met         // stopped within the target
    case missed      // stopped after the target
    case paused      // resolution clock halted while waiting on the customer

    /// Running states that the queue's `sla:` filter and colours use.
    public var isRunning: Bool { self == .ok || self == .warning || self == .breached || self == .paused }
}

/// One clock's position at `now`.
public struct SLAReading: Sendable, Hashable {
    public var metric: SLAMetric
    public var targetMinutes: Int
    /// When the target runs out, pushed later by paused working time. While a pause is
    /// still open, this is the due time if the clock resumed now.
    public var due: Date
    /// When the clock crosses the warning share (same rules as `due`).
    public var warningAt: Date
    /// Counted (working, unpaused) time so far, or until the clock stopped.
    public var elapsedSeconds: TimeInterval
    public var state: SLAState
    /// First public reply or solve time; nil while running.
    public var stoppedAt: Date?

    public var elapsedMinutes: Int { Int((elapsedSeconds / 60).rounded(.down)) }
    /// Counted time left; negative once over target.
    public var remainingSeconds: TimeInterval { TimeInterval(targetMinutes) * 60 - elapsedSeconds }
    /// `targetMinutes - elapsedMinutes`, so the two always add up on screen.
    public var remainingMinutes: Int { targetMinutes - elapsedMinutes }
}

/// Computes a ticket's SLA clocks from plain facts. Nothing is stored here: the store
/// persists `due`/`warningAt` for indexing, and the console re-reads each frame.
public struct SLAClock: Sendable, Hashable {
    public var createdAt: Date
    public var firstResponseAt: Date?
    public var solvedAt: Date?
    public var pauses: [SLAPause]
    public var policy: SLAPolicy
    /// Working-hours calendar; ignored (24×7 in the same zone) when the policy says so.
    public var calendar: BusinessCalendar

    public init(createdAt: Date, firstResponseAt: Date?, solvedAt: Date?,
                pauses: [(start: Date, end: Date?)], policy: SLAPolicy,
                calendar: BusinessCalendar = BusinessCalendar()) {
        self.createdAt = createdAt; self.firstResponseAt = firstResponseAt
        self.solvedAt = solvedAt; self.policy = policy; self.calendar = calendar
        self.pauses = pauses.map { SLAPause(start: $0.start, end: $0.end) }
    }

    /// Every clock, first response then resolution.
    public func readings(now: Date) -> [SLAReading] {
        [firstResponse(now: now), resolution(now: now)]
    }

    /// The first response clock stops on the first public reply. Pending does not pause
    /// it: a ticket cannot honestly wait on a customer the team has not answered yet.
    public func firstResponse(now: Date) -> SLAReading {
        reading(.firstResponse, target: policy.firstResponseMinutes, stop: firstResponseAt,
                pauses: [], now: now)
    }

    /// The resolution clock stops when the ticket is solved; time pending on the customer
    /// does not count.
    public func resolution(now: Date) -> SLAReading {
        reading(.resolution, target: policy.resolutionMinutes, stop: solvedAt,
                pauses: pauses, now: now)
    }

    /// What each clock has decided by `now`: met at its stop, missed or breached at its due
    /// moment; nothing while it runs within its target. The same as
    /// `readings(now:).compactMap(SLAOutcome.of)` without the warning moments nobody reads
    /// and the due moment of a clock that was met: the supervisor's SLA rates ask this of
    /// every ticket of the period, and never used those moments (an eighth of their time).
    public func outcomes(now: Date) -> [SLAOutcome] {
        [outcome(.firstResponse, target: policy.firstResponseMinutes, stop: firstResponseAt, pauses: [], now: now),
         outcome(.resolution, target: policy.resolutionMinutes, stop: solvedAt, pauses: pauses, now: now)].compactMap { $0 }
    }

    private func outcome(_ metric: SLAMetric, target: Int, stop: Date?, pauses: [SLAPause], now: Date) -> SLAOutcome? {
        let (elapsed, _, spans, calendar) = counted(stop: stop, pauses: pauses, now: now)
        let targetSeconds = TimeInterval(target) * 60
        if let stop, elapsed <= targetSeconds { return SLAOutcome(metric: metric, breached: false, at: stop) }
        guard stop != nil || elapsed >= targetSeconds else { return nil }
        return SLAOutcome(metric: metric, breached: true, at: Self.moment(after: targetSeconds, from: createdAt, skipping: spans, calendar))
    }

    /// The state the queue shows for the ticket: the worst running clock, else the worst
    /// stopped one (missed before met).
    public func summaryState(now: Date) -> SLAState {
        let states = readings(now: now).map(\.state)
        for state in [SLAState.breached, .warning, .ok, .paused, .missed, .met] where states.contains(state) {
            return state
        }
        return .ok
    }

    // MARK: Computation

    private var effectiveCalendar: BusinessCalendar {
        policy.usesBusinessHours ? calendar : .alwaysOpen(in: calendar.timeZone)
    }

    /// Counted time up to the clock's end (its stop, else `now`), with the merged pause spans
    /// and the calendar it was counted in: what a reading and an outcome both start from.
    private func counted(stop: Date?, pauses: [SLAPause], now: Date)
        -> (elapsed: TimeInterval, end: Date, spans: [Range<Date>], calendar: BusinessCalendar) {
        let calendar = effectiveCalendar
        let end = max(stop ?? now, createdAt)
        let spans = Self.mergedSpans(pauses, clippedTo: createdAt, end)
        let paused = spans.reduce(0) { $0 + calendar.businessSeconds(from: $1.lowerBound, to: $1.upperBound) }
        return (max(0, calendar.businessSeconds(from: createdAt, to: end) - paused), end, spans, calendar)
    }

    private func reading(_ metric: SLAMetric, target: Int, stop: Date?, pauses: [SLAPause],
                         now: Date) -> SLAReading {
        let (elapsed, end, spans, calendar) = counted(stop: stop, pauses: pauses, now: now)
        let targetSeconds = TimeInterval(target) * 60
        let warningSeconds = targetSeconds * min(max(policy.warningShare, 0), 1)

        let state: SLAState
        if stop != nil {
            state = elapsed <= targetSeconds ? .met : .missed
        } else if elapsed >= targetSeconds {
            state = .breached   // a breach stays a breach even while paused
        } else if spans.last.map({ $0.upperBound >= end && $0.lowerBound <= end }) == true {
            state = .paused
        } else if elapsed >= warningSeconds {
            state = .warning
        } else {
            state = .ok
        }
        return SLAReading(
            metric: metric, targetMinutes: target,
            due: Self.moment(after: targetSeconds, from: createdAt, skipping: spans, calendar),
            warningAt: Self.moment(after: warningSeconds, from: createdAt, skipping: spans, calendar),
            elapsedSeconds: elapsed, state: state, stoppedAt: stop)
    }

    /// Pauses sorted, clipped to the measured span and merged, so overlapping records
    /// (two pending periods logged over each other) are not subtracted twice. An open
    /// pause runs to the end of the measured span.
    static func mergedSpans(_ pauses: [SLAPause], clippedTo start: Date, _ end: Date) -> [Range<Date>] {
        let clipped = pauses.compactMap { pause -> Range<Date>? in
            let lower = max(pause.start, start)
            let upper = min(pause.end ?? end, end)
            return lower < upper ? lower..<upper : nil
        }.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Date>] = []
        for span in clipped {
            if let last = merged.last, span.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
            } else {
                merged.append(span)
            }
        }
        return merged
    }

    /// Walks forward from `start` counting working time outside the pause spans until
    /// `seconds` have been counted.
    static func moment(after seconds: TimeInterval, from start: Date, skipping spans: [Range<Date>],
                       _ calendar: BusinessCalendar) -> Date {
        var cursor = start
        var remaining = seconds
        for span in spans where span.upperBound > cursor {
            let candidate = calendar.addBusinessSeconds(remaining, to: cursor)
            if candidate <= span.lowerBound { return candidate }
            remaining -= calendar.businessSeconds(from: cursor, to: span.lowerBound)
            cursor = max(cursor, span.upperBound)
        }
        return calendar.addBusinessSeconds(remaining, to: cursor)
    }
}
