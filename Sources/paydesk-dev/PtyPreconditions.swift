import AgentConsole
import ConsoleBench
import Foundation

/// Data a pty bench row needs before its key means anything (`PtyPrecondition`), made the
/// way another agent would make it: through the `paydesk` commands, in another process.
/// The data is read with the sqlite3 tool or psql, as `PtyBench.findTargets` does, because
/// the console under test may be another build.
enum PtyPreconditions {
    static func ensure(_ precondition: PtyPrecondition, agent: PtyAgent, data: PtyData, ticket: Int64) throws {
        switch precondition {
        case .waitingApproval: try ensureWaitingApproval(agent: agent, data: data)
        case .longerThanAPage: try ensureLongerThanAPage(ticket, agent: agent, data: data)
        }
    }

    /// Notes on the longest ticket until it holds more entries than a ticket opens with
    /// (`ConsoleController.timelinePage`), one `paydesk ticket note` each; later runs on
    /// the same data find them there.
    static func ensureLongerThanAPage(_ ticket: Int64, agent: PtyAgent, data: PtyData) throws {
        let entries = Int(try data.value("SELECT count(*) FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.number = \(ticket)")) ?? 0
        let missing = ConsoleController.timelinePage + 1 - entries
        guard missing > 0 else { return }
        for n in 1...missing { try agent.run(["ticket", "note", String(ticket), "--body", "bench: an entry of a long ticket (\(n))"]) }
    }

    /// One request waiting for a checker other than its maker. A row that only opens and
    /// cancels the dialog leaves it waiting, so later runs on the same file reuse it.
    static func ensureWaitingApproval(agent: PtyAgent, data: PtyData) throws {
        let login = agent.login
        let waiting = try data.value("SELECT count(*) FROM security_actions WHERE state = 'pending_approval' AND requested_by <> '\(login)'")
        guard waiting == "0" else { return }
        let maker = try data.value("""
            SELECT login FROM agents WHERE active = 1 AND role IN ('agent', 'supervisor') AND login <> '\(login)' ORDER BY id LIMIT 1
            """)
        let customer = try data.value("SELECT id FROM customers WHERE status = 'active' ORDER BY id DESC LIMIT 1")
        guard !maker.isEmpty, !customer.isEmpty else {
            throw CommandFailure.other("cannot make a request to approve in \(data.name): no other agent or no active customer")
        }
        // Unfreezing waits for a checker; the account is frozen first so that it can be asked.
        let makerAgent = PtyAgent(binary: agent.binary, login: maker, db: agent.db, server: agent.server)
        for command in ["freeze", "unfreeze"] {
            try makerAgent.run(["account", command, customer, "--reason", "bench: a request to approve"])
        }
    }

    /// The first ticket (of the first 2,000) whose customer's newest timeline entry is an
    /// unflagged transaction: the investigation opens on that entry, so Space chooses it.
    /// At the same second a transaction sorts first (it has the timeline's highest rank).
    static func chosenTicketSQL(_ data: PtyData) -> String {
        """
        SELECT number FROM (SELECT t.number, t.customer_id AS c FROM tickets t ORDER BY t.id LIMIT 2000) AS first
        WHERE (SELECT x.flagged FROM transactions x WHERE x.customer_id = c ORDER BY x.at DESC, x.id DESC LIMIT 1) = 0
          AND (SELECT max(x.at) FROM transactions x WHERE x.customer_id = c) >= \(data.greatest)(
            COALESCE((SELECT max(at) FROM login_events WHERE customer_id = c), 0),
            COALESCE((SELECT max(at) FROM account_events WHERE customer_id = c), 0),
            COALESCE((SELECT max(started_at) FROM customer_sessions WHERE customer_id = c), 0),
            COALESCE((SELECT max(revoked_at) FROM customer_sessions WHERE customer_id = c), 0),
            COALESCE((SELECT max(created_at) FROM verification_codes WHERE customer_id = c), 0),
            COALESCE((SELECT max(used_at) FROM verification_codes WHERE customer_id = c), 0),
            COALESCE((SELECT max(requested_at) FROM security_actions WHERE customer_id = c), 0))
        ORDER BY number LIMIT 1
        """
    }
}
