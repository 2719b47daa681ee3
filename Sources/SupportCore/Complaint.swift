import Foundation

// A complaint as the store hands it to the console and the command line: what the
// customer says and expects, the evidence, every decision and escalation, the working-day
// deadline and the final outcome. Plain values, no database types.

/// What a piece of evidence is. The guide asks customers to bring chat records and
/// statements; agents add screenshots (a path in the evidence store) and transaction
/// references from the account.
public enum EvidenceKind: String, Sendable, Codable, CaseIterable {
    case chatExcerpt = "chat_excerpt"
    case statement
    case screenshot            // a path to the stored image, never the image itself
    case transaction           // a transaction reference of the complaining customer

    /// Short label for narrow columns.
    public var label: String {
        switch self {
        case .chatExcerpt: "chat"
        case .statement: "statement"
        case .screenshot: "screenshot"
        case .transaction: "tx"
        }
    }
}

public struct ComplaintEvidence: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64
    public var kind: EvidenceKind
    public var text: String
    public var addedBy: String
    public var addedAt: Date

    public init(id: Int64, kind: EvidenceKind, text: String, addedBy: String, addedAt: Date) {
        self.id = id; self.kind = kind; self.text = text; self.addedBy = addedBy; self.addedAt = addedAt
    }
}

/// A decision or handling opinion given on the complaint, kept so the customer's "record
/// every reply and decision" holds on our side too. Replies live on the ticket timeline.
public struct ComplaintDecision: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64
    public var text: String
    public var level: ComplaintLevel      // who was handling it when the decision was made
    public var decidedBy: String
    public var decidedAt: Date

    public init(id: Int64, text: String, level: ComplaintLevel, decidedBy: String, decidedAt: Date) {
        self.id = id; self.text = text; self.level = level; self.decidedBy = decidedBy; self.decidedAt = decidedAt
    }
}

public struct ComplaintEscalationStep: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64
    public var from: ComplaintLevel
    public var to: ComplaintLevel
    public var reason: String
    public var by: String
    public var at: Date

    public init(id: Int64, from: ComplaintLevel, to: ComplaintLevel, reason: String, by: String, at: Date) {
        self.id = id; self.from = from; self.to = to; self.reason = reason; self.by = by; self.at = at
    }
}

public struct ComplaintRecord: Sendable, Hashable, Codable {
    public var ticketNumber: Int64
    public var subject: String
    public var customerId: Int64
    public var statement: String
    public var expectedOutcome: String
    public var level: ComplaintLevel
    /// When the complaint reached us (the ticket's creation, i.e. the contact's time): the
    /// deadline counts from receipt, not from when an agent filled in the record.
    public var receivedAt: Date
    public var openedAt: Date
    public var openedBy: String
    public var workingDays: Int
    public var dueAt: Date
    public var evidence: [ComplaintEvidence]
    public var decisions: [ComplaintDecision]
    public var escalations: [ComplaintEscalationStep]
    public var outcome: String?
    public var accepted: Bool?
    public var closedAt: Date?
    public var closedBy: String?
    /// The calendar the deadline is counted on, so a pure renderer can read the clock at
    /// any `now`. Not part of the JSON shape.
    public var calendar: BusinessCalendar

    enum CodingKeys: String, CodingKey {
        case ticketNumber = "ticket", subject, customerId = "customer_id", statement
        case expectedOutcome = "expected_outcome", level, receivedAt = "received_at", openedAt = "opened_at"
        case openedBy = "opened_by", workingDays = "working_days", dueAt = "due_at", evidence, decisions
        case escalations, outcome, accepted, closedAt = "closed_at", closedBy = "closed_by"
    }

    public init(ticketNumber: Int64, subject: String, customerId: Int64, statement: String, expectedOutcome: String,
                level: ComplaintLevel, receivedAt: Date, openedAt: Date, openedBy: String, workingDays: Int,
                dueAt: Date, evidence: [ComplaintEvidence] = [], decisions: [ComplaintDecision] = [],
                escalations: [ComplaintEscalationStep] = [], outcome: String? = nil, accepted: Bool? = nil,
                closedAt: Date? = nil, closedBy: String? = nil, calendar: BusinessCalendar = BusinessCalendar()) {
        self.ticketNumber = ticketNumber; self.subject = subject; self.customerId = customerId
        self.statement = statement; self.expectedOutcome = expectedOutcome; self.level = level
        self.receivedAt = receivedAt; self.openedAt = openedAt; self.openedBy = openedBy
        self.workingDays = workingDays; self.dueAt = dueAt; self.evidence = evidence; self.decisions = decisions
        self.escalations = escalations; self.outcome = outcome; self.accepted = accepted
        self.closedAt = closedAt; self.closedBy = closedBy; self.calendar = calendar
    }

    public var isClosed: Bool { closedAt != nil }

    private enum WireKeys: String, CodingKey { case calendar }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(ticketNumber: try c.decode(Int64.self, forKey: .ticketNumber), subject: try c.decode(String.self, forKey: .subject),
                  customerId: try c.decode(Int64.self, forKey: .customerId), statement: try c.decode(String.self, forKey: .statement),
                  expectedOutcome: try c.decode(String.self, forKey: .expectedOutcome), level: try c.decode(ComplaintLevel.self, forKey: .level),
                  receivedAt: try c.decode(Date.self, forKey: .receivedAt), openedAt: try c.decode(Date.self, forKey: .openedAt),
                  openedBy: try c.decode(String.self, forKey: .openedBy), workingDays: try c.decode(Int.self, forKey: .workingDays),
                  dueAt: try c.decode(Date.self, forKey: .dueAt), evidence: try c.decode([ComplaintEvidence].self, forKey: .evidence),
                  decisions: try c.decode([ComplaintDecision].self, forKey: .decisions),
                  escalations: try c.decode([ComplaintEscalationStep].self, forKey: .escalations),
                  outcome: try c.decodeIfPresent(String.self, forKey: .outcome), accepted: try c.decodeIfPresent(Bool.self, forKey: .accepted),
                  closedAt: try c.decodeIfPresent(Date.self, forKey: .closedAt), closedBy: try c.decodeIfPresent(String.self, forKey: .closedBy),
                  calendar: try decoder.container(keyedBy: WireKeys.self).decodeIfPresent(BusinessCalendar.self, forKey: .calendar) ?? BusinessCalendar())
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ticketNumber, forKey: .ticketNumber); try c.encode(subject, forKey: .subject)
        try c.encode(customerId, forKey: .customerId); try c.encode(statement, forKey: .statement)
        try c.encode(expectedOutcome, forKey: .expectedOutcome); try c.encode(level, forKey: .level)
        try c.encode(receivedAt, forKey: .receivedAt); try c.encode(openedAt, forKey: .openedAt)
        try c.encode(openedBy, forKey: .openedBy); try c.encode(workingDays, forKey: .workingDays)
        try c.encode(dueAt, forKey: .dueAt); try c.encode(evidence, forKey: .evidence)
        try c.encode(decisions, forKey: .decisions); try c.encode(escalations, forKey: .escalations)
        try c.encodeIfPresent(outcome, forKey: .outcome); try c.encodeIfPresent(accepted, forKey: .accepted)
        try c.encodeIfPresent(closedAt, forKey: .closedAt); try c.encodeIfPresent(closedBy, forKey: .closedBy)
        // The calendar travels to clients, never into a command's JSON output.
        if encoder.userInfo[.paydeskWire] as? Bool == true {
            var wire = encoder.container(keyedBy: WireKeys.self)
            try wire.encode(calendar, forKey: .calendar)
        }
    }

    /// The deadline clock at `now`.
    public func clock(now: Date) -> ComplaintClock {
        ComplaintClock.reading(receivedAt: receivedAt, due: dueAt, closedAt: closedAt, now: now, calendar: calendar)
    }
}

/// A complaint's working-day deadline at one moment. States reuse the SLA vocabulary so
/// the console colours it like every other clock.
public struct ComplaintClock: Sendable, Hashable, Codable {
    /// ok / warning / breached while open; met / missed once closed.
    public var state: SLAState
    public var due: Date
    /// Working seconds left before `due`; negative by the working time overdue (or, once
    /// closed, by the working time it was late).
    public var remainingSeconds: TimeInterval
    /// `12 wd 4h left`, `overdue 1 wd 2h`, `met`, `missed by 3h`.
    public var text: String

    /// The clock turns to warning once this share of the working time is used: with 20
    /// working days, during the last five, the same share the SLA policies default to.
    public static let warningShare = 0.75

    public static func reading(receivedAt: Date, due: Date, closedAt: Date?, now: Date,
                               calendar: BusinessCalendar) -> ComplaintClock {
        if let closedAt {
            if closedAt <= due {
                return ComplaintClock(state: .met, due: due, remainingSeconds: calendar.businessSeconds(from: closedAt, to: due),
                                      text: "met")
            }
            let late = calendar.businessSeconds(from: due, to: closedAt)
            return ComplaintClock(state: .missed, due: due, remainingSeconds: -late,
                                  text: late < 60 ? "missed" : "missed by \(calendar.workingTimeText(seconds: late))")
        }
        if now >= due {
            let late = calendar.businessSeconds(from: due, to: now)
            // Past the deadline but before the next working minute: overdue all the same.
            return ComplaintClock(state: .breached, due: due, remainingSeconds: -late,
                                  text: late < 60 ? "overdue" : "overdue \(calendar.workingTimeText(seconds: late))")
        }
        let left = calendar.businessSeconds(from: now, to: due)
        let total = calendar.businessSeconds(from: receivedAt, to: due)
        let used = total - left
        let state: SLAState = total > 0 && used >= warningShare * total ? .warning : .ok
        return ComplaintClock(state: state, due: due, remainingSeconds: left,
                              text: "\(calendar.workingTimeText(seconds: left)) left")
    }
}
