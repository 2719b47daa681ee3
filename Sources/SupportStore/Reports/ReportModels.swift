import Foundation
import SupportCore

// The figures the supervisor screen and `paydesk report` show. Plain values: every count
// carries the ticket numbers behind it where the filter language cannot name the set, so
// the console can drill into exactly those tickets.

/// Backlog: what is unsolved now, and what came in and went out during the period.
public struct BacklogReport: Sendable, Codable, Equatable {
    public struct Row: Sendable, Codable, Equatable {
        /// `status`, `category`, `priority` or `total`.
        public var dimension: String
        public var value: String
        /// Unsolved now (new, open, pending, on hold).
        public var backlog: Int
        /// Created during the period; nil for status rows (a ticket's status is "now").
        public var created: Int?
        /// Solved during the period (and still solved or closed).
        public var solved: Int?
    }

    public var period: ReportPeriod
    public var generatedAt: Date
    public var rows: [Row]

    public var total: Int { rows.first { $0.dimension == "total" }?.backlog ?? 0 }
    public func rows(_ dimension: String) -> [Row] { rows.filter { $0.dimension == dimension } }
    public func backlog(_ dimension: String, _ value: String) -> Int {
        rows.first { $0.dimension == dimension && $0.value == value }?.backlog ?? 0
    }

    enum CodingKeys: String, CodingKey { case period, generatedAt = "generated_at", rows }
}

/// SLA clocks that ended in the period: met when they stopped in time, breached at the
/// moment their target ran out. Breach rate = breached / (met + breached).
public struct SLAReport: Sendable, Codable, Equatable {
    public struct Row: Sendable, Codable, Equatable {
        /// `first_response`, `resolution` or `all`.
        public var metric: String
        /// `p1`…`p4` or `all`.
        public var priority: String
        public var met: Int
        public var breached: Int
        /// The breached clocks' tickets, for drilling down.
        public var breachedTickets: [Int64]
        public var measured: Int { met + breached }
        public var breachRate: Double? { Stats.rate(breached, of: met + breached) }

        enum CodingKeys: String, CodingKey {
            case metric, priority, met, breached, breachedTickets = "breached_tickets", breachRate = "breach_rate"
        }

        public init(metric: String, priority: String, met: Int, breached: Int, breachedTickets: [Int64]) {
            self.metric = metric; self.priority = priority; self.met = met; self.breached = breached
            self.breachedTickets = breachedTickets
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            metric = try c.decode(String.self, forKey: .metric); priority = try c.decode(String.self, forKey: .priority)
            met = try c.decode(Int.self, forKey: .met); breached = try c.decode(Int.self, forKey: .breached)
            breachedTickets = try c.decode([Int64].self, forKey: .breachedTickets)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(metric, forKey: .metric); try c.encode(priority, forKey: .priority)
            try c.encode(met, forKey: .met); try c.encode(breached, forKey: .breached)
            try c.encode(breachRate, forKey: .breachRate); try c.encode(breachedTickets, forKey: .breachedTickets)
        }
    }

    public var period: ReportPeriod
    public var generatedAt: Date
    public var rows: [Row]

    public func row(_ metric: String = "all", priority: String = "all") -> Row? {
        rows.first { $0.metric == metric && $0.priority == priority }
    }

    enum CodingKeys: String, CodingKey { case period, generatedAt = "generated_at", rows }
}

/// One agent's workload now and handling times over the period, in working minutes.
public struct AgentReportRow: Sendable, Codable, Equatable {
    public var login: String
    public var name: String
    /// Assigned and new, open or on hold, now.
    public var open: Int
    /// Assigned and waiting on the customer, now.
    public var pending: Int
    /// Tickets this agent solved during the period (the author of the solve, else the owner).
    public var solved: Int
    public var solvedTickets: [Int64]
    /// First public replies this agent wrote during the period, and their median time.
    public var firstResponses: Int
    public var medianFirstResponseMinutes: Double?
    public var firstResponseTickets: [Int64]
    public var medianResolutionMinutes: Double?
    public var csatResponses: Int
    public var csatAverage: Double?

    enum CodingKeys: String, CodingKey {
        case login, name, open, pending, solved, solvedTickets = "solved_tickets", firstResponses = "first_responses"
        case medianFirstResponseMinutes = "median_first_response_minutes", firstResponseTickets = "first_response_tickets"
        case medianResolutionMinutes = "median_resolution_minutes", csatResponses = "csat_responses"
        case csatAverage = "csat_average"
    }
}

public struct AgentReport: Sendable, Codable, Equatable {
    public var period: ReportPeriod
    public var generatedAt: Date
    public var rows: [AgentReportRow]
    /// The whole team, agents and unattributed tickets together.
    public var team: AgentReportRow

    public func row(_ login: String) -> AgentReportRow? { rows.first { $0.login == login } }

    enum CodingKeys: String, CodingKey { case period, generatedAt = "generated_at", rows, team }
}

/// Tickets created per channel per local day.
public struct VolumeReport: Sendable, Codable, Equatable {
    public struct Row: Sendable, Codable, Equatable {
        public var channel: String
        /// One count per day of the period, oldest first.
        public var perDay: [Int]
        public var total: Int { perDay.reduce(0, +) }

        enum CodingKeys: String, CodingKey { case channel, perDay = "per_day", total }
        public init(channel: String, perDay: [Int]) { self.channel = channel; self.perDay = perDay }
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            channel = try c.decode(String.self, forKey: .channel); perDay = try c.decode([Int].self, forKey: .perDay)
        }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(channel, forKey: .channel); try c.encode(perDay, forKey: .perDay); try c.encode(total, forKey: .total)
        }
    }

    public var period: ReportPeriod
    public var generatedAt: Date
    public var days: [String]
    public var rows: [Row]

    public func row(_ channel: Channel) -> Row? { rows.first { $0.channel == channel.rawValue } }
    public var total: Int { rows.reduce(0) { $0 + $1.total } }

    enum CodingKeys: String, CodingKey { case period, generatedAt = "generated_at", days, rows }
}

/// Satisfaction answers recorded in the period, per agent and per category.
public struct CSATReport: Sendable, Codable, Equatable {
    public struct Row: Sendable, Codable, Equatable {
        /// `agent`, `category` or `total`.
        public var dimension: String
        public var value: String
        public var responses: Int
        public var average: Double?
        /// Answers of 4 or 5.
        public var satisfied: Int
        /// How many answered 1, 2, 3, 4 and 5.
        public var distribution: [Int]
        public var tickets: [Int64]
        public var satisfiedRate: Double? { Stats.rate(satisfied, of: responses) }
    }

    public var period: ReportPeriod
    public var generatedAt: Date
    public var rows: [Row]

    public func row(_ dimension: String, _ value: String) -> Row? {
        rows.first { $0.dimension == dimension && $0.value == value }
    }

    enum CodingKeys: String, CodingKey { case period, generatedAt = "generated_at", rows }
}

/// One recorded satisfaction answer.
public struct CSATResponse: Sendable, Codable, Equatable {
    public var ticket: Int64
    public var score: Int
    public var comment: String?
    public var agent: String?
    public var category: Category
    public var recordedBy: String
    public var recordedAt: Date

    enum CodingKeys: String, CodingKey {
        case ticket, score, comment, agent, category, recordedBy = "recorded_by", recordedAt = "recorded_at"
    }
}
