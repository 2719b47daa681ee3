import Foundation
import GRDB
import SupportCore

// What an open ticket shows beside its timeline — the delivery state of each reply, the
// complaint record, the agent's draft — on either store.
extension StoreEngine {
    /// The delivery state of every outbox message tied to the ticket's timeline, by the
    /// id of the timeline entry it belongs to.
    public func deliveryStatuses(ticket number: Int64) throws -> [Int64: DeliveryStatus] {
        try reading { db in
            let rows = try db.fetchRows("""
                SELECT o.* FROM outbox o JOIN tickets t ON t.id = o.ticket_id
                 WHERE t.number = ? AND o.event_id IS NOT NULL ORDER BY o.id
                """, [number])
            var result: [Int64: DeliveryStatus] = [:]
            for row in rows {
                // A failure (given up, or the gateway's failed receipt) outranks having been sent.
                let failedAt: Int64? = row["failed_at"], receiptAt: Int64? = row["receipt_at"]
                let sentAt: Int64? = row["delivered_at"], discardedAt: Int64? = row["discarded_at"]
                let receipt: String? = row["receipt_state"]
                let state: DeliveryStatus.State
                if failedAt != nil { state = .failed }
                else if receipt == "delivered" { state = .delivered }
                else if sentAt != nil { state = .sent }
                else if discardedAt != nil { state = .discarded }
                else { state = .queued }
                let at = failedAt ?? receiptAt ?? sentAt ?? discardedAt
                let messageId: String? = row["message_id"] ?? row["provider_id"]
                result[row["event_id"]] = DeliveryStatus(
                    outboxId: row["id"], channel: OutboxChannel(rawValue: row["channel"]) ?? .email, state: state,
                    attempts: row["attempts"], at: at.map(Date.init(epoch:)), messageId: messageId,
                    lastError: row["last_error"], nextAttemptAt: (row["next_attempt_at"] as Int64?).map(Date.init(epoch:)))
            }
            return result
        }
    }

    /// The complaint record on a ticket; nil when the ticket has none. Throws not-found
    /// when the ticket itself does not exist.
    public func complaint(ticket number: Int64) throws -> ComplaintRecord? {
        try reading { db in try Self.loadComplaint(db, ticket: try Self.loadTicket(db, number: number)) }
    }

    static func loadComplaint(_ db: any SQLSession, ticket: Ticket) throws -> ComplaintRecord? {
        guard let row = try db.fetchRow("SELECT * FROM complaints WHERE ticket_id = ?", [ticket.id]) else {
            return nil
        }
        let evidence = try db.fetchRows("SELECT * FROM complaint_evidence WHERE ticket_id = ? ORDER BY id",
                                        [ticket.id]).map { r in
            ComplaintEvidence(id: r["id"], kind: EvidenceKind(rawValue: r["kind"]) ?? .statement, text: r["body"],
                              addedBy: r["added_by"], addedAt: Date(epoch: r["added_at"]))
        }
        let decisions = try db.fetchRows("SELECT * FROM complaint_decisions WHERE ticket_id = ? ORDER BY id",
                                         [ticket.id]).map { r in
            ComplaintDecision(id: r["id"], text: r["body"], level: ComplaintLevel(rawValue: r["level"]) ?? .agent,
                              decidedBy: r["decided_by"], decidedAt: Date(epoch: r["decided_at"]))
        }
        let escalations = try db.fetchRows("SELECT * FROM complaint_escalations WHERE ticket_id = ? ORDER BY id",
                                           [ticket.id]).map { r in
            ComplaintEscalationStep(id: r["id"], from: ComplaintLevel(rawValue: r["from_level"]) ?? .agent,
                                    to: ComplaintLevel(rawValue: r["to_level"]) ?? .agent, reason: r["reason"],
                                    by: r["by"], at: Date(epoch: r["at"]))
        }
        let accepted: Int64? = row["accepted"]
        return ComplaintRecord(ticketNumber: ticket.number, subject: ticket.subject, customerId: ticket.customerId,
                               statement: row["statement"], expectedOutcome: row["expected_outcome"],
                               level: ComplaintLevel(rawValue: row["level"]) ?? .agent,
                               receivedAt: Date(epoch: row["received_at"]), openedAt: Date(epoch: row["opened_at"]),
                               openedBy: row["opened_by"], workingDays: row["working_days"],
                               dueAt: Date(epoch: row["due_at"]), evidence: evidence, decisions: decisions,
                               escalations: escalations, outcome: row["outcome"], accepted: accepted.map { $0 != 0 },
                               closedAt: (row["closed_at"] as Int64?).map(Date.init(epoch:)), closedBy: row["closed_by"],
                               calendar: try Self.calendar(db))
    }

    public func saveDraft(ticketNumber: Int64, agent: Agent, kind: String, body: String) throws {
        try auditing(by: agent, action: "draft.save", entity: "ticket", entityId: String(ticketNumber)) { db in
            let ticket = try Self.loadTicket(db, number: ticketNumber)
            if body.isEmpty {
                try db.run("DELETE FROM drafts WHERE ticket_id = ? AND agent_id = ?", [ticket.id, agent.id])
            } else {
                try db.run("""
                    INSERT INTO drafts (ticket_id, agent_id, kind, body, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(ticket_id, agent_id) DO UPDATE SET kind = excluded.kind, body = excluded.body,
                        updated_at = excluded.updated_at
                    """, [ticket.id, agent.id, kind, body, now])
            }
        }
    }

    public func draft(ticketNumber: Int64, agent: Agent) throws -> Draft? {
        try reading { db in
            try db.fetchRow("""
                SELECT d.kind, d.body, d.updated_at FROM drafts d JOIN tickets t ON t.id = d.ticket_id
                WHERE t.number = ? AND d.agent_id = ?
                """, [ticketNumber, agent.id]).map {
                Draft(kind: $0["kind"], body: $0["body"], updatedAt: Date(epoch: $0["updated_at"]))
            }
        }
    }

    public func deleteDraft(ticketNumber: Int64, agent: Agent) throws {
        try saveDraft(ticketNumber: ticketNumber, agent: agent, kind: "reply", body: "")
    }
}
