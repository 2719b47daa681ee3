import Foundation
import GRDB

/// `v15-handling-facts`: each ticket's first public reply (when, by whom) and its solver,
/// kept on the ticket by the database in the transaction that appends the event.
///
/// The supervisor screen's handling times were worked out from the timeline at every
/// change: each of the week's reply events checked for an earlier reply on its ticket, and
/// each solve walked its events backwards for the last agent's move to solved (7,400 reply
/// events and 5,600 solves a week at 10M, 110–130 ms on PostgreSQL). Kept as columns, the
/// week's facts are a range of an index on the tickets.
///
/// The definitions are the timeline's, unchanged:
/// - `first_reply_at`/`first_reply_by`: the ticket's reply event with the lowest id. Events
///   are only ever appended (ids grow), so the first reply appended is that one; a merge
///   appends copies of the merged ticket's events to the target, and the target's first
///   reply among them counts as it did.
/// - `solved_by`: the author of the ticket's latest move to solved made by an agent (an
///   author found among the agents' logins when the move is appended; logins are never
///   removed or renamed); a move by the system leaves an earlier agent's standing; nil when
///   no agent ever solved it (the report then names the owner).
///
/// Triggers keep them, so every path that appends events (replies, status changes, bulk
/// actions, macros, intake, merges, the demo) keeps them without knowing; the seeders,
/// which load with triggers set aside, and this migration fill them from the timeline with
/// `backfill` (`DashboardFactsParityTests`: backfilled equals kept live). PostgreSQL has
/// the same columns, index and rules (`PostgresLaterSchema.v15HandlingFacts`).
package enum HandlingFactsSchema {
    static let migration = "v15-handling-facts"

    static let createSQL = """
        ALTER TABLE tickets ADD COLUMN first_reply_at INTEGER;
        ALTER TABLE tickets ADD COLUMN first_reply_by TEXT;
        ALTER TABLE tickets ADD COLUMN solved_by TEXT;
        CREATE TRIGGER ticket_events_first_reply AFTER INSERT ON ticket_events WHEN NEW.kind = 'reply'
        BEGIN
            UPDATE tickets SET first_reply_at = NEW.at, first_reply_by = NEW.author
            WHERE id = NEW.ticket_id AND first_reply_at IS NULL;
        END;
        CREATE TRIGGER ticket_events_solver AFTER INSERT ON ticket_events
        WHEN NEW.kind = 'status_change' AND NEW.body LIKE '%→ solved' AND NEW.author IN (SELECT login FROM agents)
        BEGIN
            UPDATE tickets SET solved_by = NEW.author WHERE id = NEW.ticket_id;
        END;
        """

    /// The three columns worked out from the timeline for every ticket, in one statement.
    static let backfillSQL = """
        UPDATE tickets SET
            first_reply_at = (SELECT e.at FROM ticket_events e WHERE e.ticket_id = tickets.id AND e.kind = 'reply'
                              ORDER BY e.id LIMIT 1),
            first_reply_by = (SELECT e.author FROM ticket_events e WHERE e.ticket_id = tickets.id AND e.kind = 'reply'
                              ORDER BY e.id LIMIT 1),
            solved_by = (SELECT e.author FROM ticket_events e
                         WHERE e.ticket_id = tickets.id AND e.kind = 'status_change' AND e.body LIKE '%→ solved'
                           AND e.author IN (SELECT login FROM agents)
                         ORDER BY e.id DESC LIMIT 1)
        """

    static func create(_ db: Database) throws {
        try db.execute(sql: createSQL)
        try backfill(db)
        // Built after the fill, from the filled column, rather than kept up row by row.
        try db.execute(sql: "CREATE INDEX tickets_first_reply_at ON tickets(first_reply_at) WHERE first_reply_at IS NOT NULL")
        if try db.tableExists("sqlite_stat1") { try db.execute(sql: "ANALYZE tickets_first_reply_at") }
    }

    /// Fills the columns from the timeline; says how long it took when that was noticeable
    /// (a migration of a large file), on standard error.
    package static func backfill(_ db: Database) throws {
        let started = Date()
        try db.execute(sql: backfillSQL)
        let seconds = Date().timeIntervalSince(started)
        if seconds >= 1 {
            FileHandle.standardError.write(Data("Handling-time facts filled from the timeline in \(String(format: "%.1f", seconds)) s.\n".utf8))
        }
    }
}
