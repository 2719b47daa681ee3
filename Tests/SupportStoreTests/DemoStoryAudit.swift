import Foundation
import GRDB
import SupportCore
@testable import SupportStore

/// Reads a demo database and reports every place where a ticket's text and its
/// customer's data disagree, and every event dated after the demo's "now". It re-states
/// what each text says in SQL of its own rather than asking the generator, so a story
/// the generator gets wrong shows up here.
struct DemoStoryAudit {
    let db: Database
    let now: Int64

    struct TicketFacts {
        let id: Int64, number: Int64, customer: Int64, subject: String, created: Int64
        /// The customer's second message, when they wrote again.
        let followUp: Int64?
    }

    static let minute: Int64 = 60, hour: Int64 = 3_600, day: Int64 = 86_400

    /// Columns that hold deadlines, not events: they may lie ahead.
    static let deadlines: Set<String> = ["tickets.sla_due_at", "tickets.sla_warn_at", "complaints.due_at",
                                         "disputes.deadline_at", "verification_codes.expires_at",
                                         "outbox.next_attempt_at", "outbox.claimed_until"]

    func findings() throws -> [String] {
        var found = try futureEvents()
        found += try historyBeforeOpening()
        found += try complaintsOutOfPlace()
        let planted = Set(try Int64.fetchAll(db, sql: "SELECT customer_id FROM planted_stories"))
        for ticket in try tickets() {
            if planted.contains(ticket.customer) {
                found += try plantedStory(ticket).map { "#\(ticket.number) \(ticket.subject): \($0)" }
            } else if let text = DemoContent.tickets.first(where: { $0.subject == ticket.subject }) {
                found += try check(text.story, ticket).map { "#\(ticket.number) \(text.story): \($0)" }
            } else {
                found.append("#\(ticket.number) \(ticket.subject): no story explains this ticket")
            }
        }
        return found
    }

    // MARK: nothing in the future

    func futureEvents() throws -> [String] {
        var found: [String] = []
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'ticket_search_%'
            """)
        for table in tables {
            let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table])
                .filter { $0 == "at" || $0.hasSuffix("_at") || $0.hasSuffix("_until") }
            for column in columns where !Self.deadlines.contains("\(table).\(column)") {
                let late = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE \(column) > ?", arguments: [now]) ?? 0
                if late > 0 { found.append("\(table).\(column): \(late) rows later than now") }
            }
        }
        return found
    }

    /// Nothing happens on an account before it was opened.
    func historyBeforeOpening() throws -> [String] {
        var found: [String] = []
        for (table, column) in [("transactions", "at"), ("login_events", "at"), ("tickets", "created_at")] {
            let early = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM \(table) x JOIN customers c ON c.id = x.customer_id WHERE x.\(column) < c.created_at
                """) ?? 0
            if early > 0 { found.append("\(table): \(early) rows before their customer's account was opened") }
        }
        return found
    }

    // MARK: complaints

    func complaintsOutOfPlace() throws -> [String] {
        try Row.fetchAll(db, sql: """
            SELECT t.number, t.subject, c.statement FROM complaints c JOIN tickets t ON t.id = c.ticket_id
            """).compactMap { row in
            let subject: String = row["subject"], statement: String = row["statement"]
            let own = DemoContent.tickets.first { $0.subject == subject }?.story.complaint?.statement
            return own == statement ? nil : "complaint on #\(row["number"] as Int64) (\(subject)) has the statement \"\(statement)\""
        }
    }

    // MARK: tickets

    func tickets() throws -> [TicketFacts] {
        try Row.fetchAll(db, sql: """
            SELECT t.id, t.number, t.customer_id, t.subject, t.created_at,
                   (SELECT at FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'customer_message'
                    ORDER BY at, id LIMIT 1 OFFSET 1) AS follow_up
            FROM tickets t ORDER BY t.number
            """).map {
            TicketFacts(id: $0["id"], number: $0["number"], customer: $0["customer_id"], subject: $0["subject"],
                        created: $0["created_at"], followUp: $0["follow_up"])
        }
    }

    func count(_ sql: String, _ arguments: StatementArguments) throws -> Int {
        try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
    }

    /// Transactions of the ticket's customer matching `condition`, between `from` and `to`.
    func transactions(_ t: TicketFacts, _ condition: String, from: Int64, to: Int64) throws -> Int {
        try count("SELECT COUNT(*) FROM transactions WHERE customer_id = ? AND at BETWEEN ? AND ? AND \(condition)",
                  [t.customer, from, to])
    }

    func logins(_ t: TicketFacts, _ condition: String, from: Int64, to: Int64) throws -> Int {
        try count("""
            SELECT COUNT(*) FROM login_events l JOIN devices d ON d.id = l.device_id
            WHERE l.customer_id = ? AND d.customer_id = l.customer_id AND l.at BETWEEN ? AND ? AND \(condition)
            """, [t.customer, from, to])
    }

    func codes(_ t: TicketFacts, channel: String, from: Int64, to: Int64) throws -> Int {
        try count("""
            SELECT COUNT(*) FROM verification_codes WHERE customer_id = ? AND channel = ? AND used_at IS NULL
            AND created_at BETWEEN ? AND ?
            """, [t.customer, channel, from, to])
    }

    func customer(_ t: TicketFacts) throws -> Row {
        try Row.fetchOne(db, sql: "SELECT * FROM customers WHERE id = ?", arguments: [t.customer])!
    }

    /// Midnight in Jakarta that starts the day holding `t`.
    static func jakartaMidnight(_ t: Int64) -> Int64 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Jakarta")!
        return Int64(calendar.startOfDay(for: Date(timeIntervalSince1970: TimeInterval(t))).timeIntervalSince1970)
    }

    /// The first instant of the Jakarta month `back` months before the one holding `t`.
    static func jakartaMonthStart(_ t: Int64, back: Int) -> (start: Int64, month: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Jakarta")!
        let date = Date(timeIntervalSince1970: TimeInterval(t))
        let first = calendar.date(from: calendar.dateComponents([.year, .month], from: date))!
        let start = calendar.date(byAdding: .month, value: -back, to: first)!
        return (Int64(start.timeIntervalSince1970), calendar.component(.month, from: start))
    }
}
