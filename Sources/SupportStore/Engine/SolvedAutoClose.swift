import Foundation
import SupportCore

// Closing solved tickets once the customer has had their window to answer (intake reopens
// a solved ticket within it), on either store.
extension SupportStore {
    /// The range `--days` may take: a day to ten years. Outside it the arithmetic on
    /// seconds overflowed (999999999999999 days trapped) or the cutoff was meaningless.
    public static let autoCloseDays = 1...3_650
}

extension StoreEngine {
    /// Closes solved tickets older than `days`, as `system` (intake's reopen window);
    /// returns how many were closed.
    @discardableResult
    public func autoCloseSolved(afterDays days: Int) throws -> Int {
        try Self.requireAutoCloseDays(days)
        return try writing { db in try self.closeSolved(db, afterDays: days, by: "system") }
    }

    /// Closes solved tickets older than `days` on behalf of the supervisor or admin who
    /// ran it: the records name them, and a refusal is audited.
    @discardableResult
    public func autoCloseSolved(afterDays days: Int, by actor: Agent) throws -> Int {
        try Self.requireAutoCloseDays(days)
        return try auditing(by: actor, action: "ticket.autoclose", entity: "ticket", entityId: "*") { db in
            try Self.requirePermission(actor, .reassign)
            return try self.closeSolved(db, afterDays: days, by: actor.login)
        }
    }

    static func requireAutoCloseDays(_ days: Int) throws {
        guard SupportStore.autoCloseDays.contains(days) else {
            throw StoreError.invalid("--days must be between \(SupportStore.autoCloseDays.lowerBound) and \(SupportStore.autoCloseDays.upperBound).")
        }
    }

    /// The rows are locked on PostgreSQL: two instances closing at once would otherwise
    /// both close one ticket, each with its timeline entry and audit record; the second
    /// now waits, and PostgreSQL re-reads a row it waited for, so a ticket the first
    /// closed no longer matches.
    private func closeSolved(_ db: any SQLSession, afterDays days: Int, by author: String) throws -> Int {
        let cutoff = now - Int64(days) * 86_400
        let tickets = try db.fetch(TicketDecoder.self, "SELECT * FROM tickets WHERE status = 'solved' AND solved_at <= ? ORDER BY id" + db.lockingRows,
                                   [cutoff])
        for ticket in tickets {
            try moveStatus(db, ticket, to: .closed, author: author)
            try db.run("UPDATE tickets SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
                       [now, author, ticket.id])
            try appendAudit(db, AuditAppend(at: now, actor: author, action: "ticket.autoclose", entity: "ticket",
                                            entityId: String(ticket.number), before: "status=solved", after: "status=closed",
                                            reason: "solved more than \(days) days ago"))
        }
        return tickets.count
    }
}
