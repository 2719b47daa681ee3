import Foundation
import GRDB
import SupportCore

extension SupportStore {
    /// Day-to-day activity on top of the demo data, made through the real services (so it
    /// is audited like any other work): app sessions, escalations, complaint records, a
    /// waiting unfreeze request and satisfaction scores. Every screen then has something
    /// to show from the first start.
    func generateDemoActivity() throws {
        let agents = try self.agents()
        func agent(_ login: String) -> Agent? { agents.first { $0.login == login } }
        guard let budi = agent("budi"), let dewi = agent("dewi"), let sari = agent("sari") else { return }

        // Every bound device has an app session, so "revoke all sessions" has work to do.
        let devices = try read { db in
            try Row.fetchAll(db, sql: "SELECT id, customer_id FROM devices WHERE bound = 1 ORDER BY id").map { ($0["id"] as Int64, $0["customer_id"] as Int64) }
        }
        for (device, customer) in devices { _ = try startSession(customerId: customer, deviceId: device) }

        func tickets(_ sql: String, limit: Int) throws -> [Ticket] {
            try read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM tickets WHERE \(sql) ORDER BY number LIMIT \(limit)").map { Ticket(row: $0) }
            }
        }
        // Two escalations of failed payments, by the owners of the tickets.
        for ticket in try tickets("status = 'open' AND subcategory = 'failed_payment' AND assignee_id IS NOT NULL", limit: 2) {
            guard let owner = agents.first(where: { $0.id == ticket.assigneeId }) else { continue }
            try escalate(ticket: ticket.number, reason: "The customer's money is held by a failed payment; the refund needs a supervisor's decision.", by: owner)
        }
        // Complaint records on the open complaints, each in its own customer's words.
        for ticket in try tickets("status IN ('new','open') AND subcategory = 'complaint'", limit: 2) {
            guard let complaint = DemoContent.tickets.first(where: { $0.subject == ticket.subject })?.story.complaint else { continue }
            _ = try openComplaint(ticket: ticket.number, statement: complaint.statement,
                                  expectedOutcome: complaint.expectedOutcome, by: sari)
            _ = try addEvidence(ticket: ticket.number, kind: complaint.evidence.0, text: complaint.evidence.1, by: sari)
        }
        // A frozen account whose owner was verified: an unfreeze waits for a second person.
        if let frozen = try read({ db in try Int64.fetchOne(db, sql: "SELECT id FROM customers WHERE status = 'frozen' ORDER BY id DESC LIMIT 1") }) {
            _ = try requestUnfreeze(customerId: frozen, reason: "Owner verified by video call; device cleaned.", by: budi)
        }
        // Satisfaction scores on solved tickets.
        let comments = ["Cepat dan membantu, terima kasih!", "问题解决了，谢谢。", "Took too long.", nil, "Great support", nil]
        for (i, ticket) in try tickets("status IN ('solved','closed')", limit: 12).enumerated() {
            _ = try recordCSAT(ticket: ticket.number, score: [5, 4, 2, 5, 3, 4][i % 6], comment: comments[i % comments.count],
                               by: i % 2 == 0 ? dewi : budi)
        }
    }
}
