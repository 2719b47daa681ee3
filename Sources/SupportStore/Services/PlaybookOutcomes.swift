import Foundation
import GRDB
import SupportCore

/// Playbooks record outcomes, not ticks. A step that asks for a finding needs it before it
/// counts as done; a step whose effect already holds on the account (frozen from the
/// security pane, two-factor already on, an appeal already open) shows as done, with where
/// it was done, instead of being offered again.
extension StoreEngine {
    /// The note a finished step is recorded with, or a refusal naming what is missing.
    static func stepResult(_ db: any SQLSession, _ step: PlaybookStep, ticket: Ticket, note: String?) throws -> String? {
        guard step.result == .flagsOrReason else { return note }
        let flagged = try db.fetchValue("SELECT COUNT(*) FROM transactions WHERE customer_id = ? AND flagged = 1",
                                        [ticket.customerId], as: Int.self) ?? 0
        if flagged > 0 { return "\(flagged) flagged" + (note.map { "; \($0)" } ?? "") }
        guard let note, !note.isEmpty else {
            throw StoreError.invalid("This step records a finding: flag the transactions the customer does not recognise "
                                     + "(I investigates), or say why none is suspicious.")
        }
        return "none suspicious: \(note)"
    }

    /// Records for the steps the account shows as done though nobody ticked them here.
    static func doneElsewhere(_ db: any SQLSession, _ playbook: Playbook, ticket: Ticket,
                              recorded: [PlaybookStepRecord]) throws -> [PlaybookStepRecord] {
        let ticked = Set(recorded.map(\.step))
        var derived: [PlaybookStepRecord] = []
        for step in playbook.steps where !ticked.contains(step.key) {
            if let kind = step.securityAction, let row = try db.fetchRow("""
                SELECT id, requested_by, requested_at FROM security_actions
                WHERE customer_id = ? AND kind = ? AND state IN ('done', 'approved') AND requested_at >= ?
                ORDER BY requested_at LIMIT 1
                """, [ticket.customerId, kind.rawValue, ticket.createdAt.epoch]) {
                derived.append(PlaybookStepRecord(playbook: playbook.key, step: step.key, outcome: "done",
                                                  note: "already done (action #\(row["id"] as Int64))",
                                                  by: row["requested_by"], at: Date(epoch: row["requested_at"])))
            } else if step.key == "two-factor",
                      try db.fetchValue("SELECT two_factor FROM customers WHERE id = ?", [ticket.customerId], as: Bool.self) == true {
                derived.append(PlaybookStepRecord(playbook: playbook.key, step: step.key, outcome: "done",
                                                  note: "already on for this account", by: "system", at: ticket.createdAt))
            } else if step.key == "open-appeal", let row = try db.fetchRow("""
                SELECT id, opened_by, opened_at FROM disputes WHERE customer_id = ? AND kind = 'appeal' AND state = 'open'
                ORDER BY id LIMIT 1
                """, [ticket.customerId]) {
                derived.append(PlaybookStepRecord(playbook: playbook.key, step: step.key, outcome: "done",
                                                  note: "already done (appeal \(row["id"] as Int64))",
                                                  by: row["opened_by"], at: Date(epoch: row["opened_at"])))
            }
        }
        return derived
    }
}
