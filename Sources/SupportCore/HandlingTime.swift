import Foundation

/// Handling times measured the way the reports define them, in working minutes of the
/// team's calendar: nights, weekends and holidays do not count, so a ticket that came in
/// on Friday evening and was answered on Monday morning took minutes, not days.
public enum HandlingTime {
    /// Working minutes from the customer's first message to the first public reply.
    public static func firstResponseMinutes(created: Date, firstReply: Date, calendar: BusinessCalendar) -> Int {
        calendar.businessMinutes(from: created, to: firstReply)
    }

    /// Working minutes from the customer's first message until the ticket was solved.
    /// Time waiting on the customer counts: this is what the customer experienced.
    public static func resolutionMinutes(created: Date, solved: Date, calendar: BusinessCalendar) -> Int {
        calendar.businessMinutes(from: created, to: solved)
    }
}

/// How one SLA clock ended, for breach rates: met at the moment it stopped, or breached
/// at the moment its target ran out (whether or not the work was finished later).
/// A clock still running inside its target has not ended and counts nowhere yet.
public struct SLAOutcome: Sendable, Hashable {
    public var metric: SLAMetric
    public var breached: Bool
    /// When the outcome was decided: the stop time if met, the due time if breached.
    public var at: Date

    public init(metric: SLAMetric, breached: Bool, at: Date) {
        self.metric = metric; self.breached = breached; self.at = at
    }

    public static func of(_ reading: SLAReading) -> SLAOutcome? {
        switch reading.state {
        case .met: reading.stoppedAt.map { SLAOutcome(metric: reading.metric, breached: false, at: $0) }
        case .missed, .breached: SLAOutcome(metric: reading.metric, breached: true, at: reading.due)
        case .ok, .warning, .paused: nil
        }
    }
}

/// Age bands of open tickets for the supervisor's histogram.
public struct AgingBand: Sendable, Hashable, Codable {
    public var label: String
    /// Inclusive lower bound in seconds of age.
    public var minSeconds: Int64
    /// Exclusive upper bound; nil for the last band.
    public var maxSeconds: Int64?

    public init(label: String, minSeconds: Int64, maxSeconds: Int64?) {
        self.label = label; self.minSeconds = minSeconds; self.maxSeconds = maxSeconds
    }

    public func contains(age: Int64) -> Bool {
        age >= minSeconds && (maxSeconds.map { age < $0 } ?? true)
    }

    public static let standard: [AgingBand] = [
        AgingBand(label: "< 1h", minSeconds: 0, maxSeconds: 3_600),
        AgingBand(label: "1–4h", minSeconds: 3_600, maxSeconds: 4 * 3_600),
        AgingBand(label: "4–24h", minSeconds: 4 * 3_600, maxSeconds: 86_400),
        AgingBand(label: "1–3d", minSeconds: 86_400, maxSeconds: 3 * 86_400),
        AgingBand(label: "3–7d", minSeconds: 3 * 86_400, maxSeconds: 7 * 86_400),
        AgingBand(label: "> 7d", minSeconds: 7 * 86_400, maxSeconds: nil),
    ]

    /// The band an age falls in (negative ages, from clock skew, count as the first).
    public static func band(forAge age: Int64, in bands: [AgingBand] = standard) -> Int {
        bands.firstIndex { $0.contains(age: max(0, age)) } ?? max(0, bands.count - 1)
    }
}
