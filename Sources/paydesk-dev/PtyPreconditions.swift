import AgentConsole
import ConsoleBench
import Foundation

/// Data a pty bench row needs before its key means anything (`PtyPrecondition`), made the
/// way another agent would make it: through the `paydesk` commands, in another process.
/// The file is read with the sqlite3 tool, as `PtyBench.findTargets` does, because the
/// console under test may be another build.
enum PtyPreconditions {
    static func ensure(_ precondition: PtyPrecondition, binary: String, db: String, login: String) throws {
        switch precondition {
        case .waitingApproval: try ensureWaitingApproval(binary: binary, db: db, login: login)
        }
    }

    /// One request waiting for a checker other than its maker. A row that only opens and
    /// cancels the dialog leaves it waiting, so later runs on the same file reuse it.
    static func ensureWaitingApproval(binary: String, db: String, login: String) throws {
        let waiting = try sqlite(db, "SELECT count(*) FROM security_actions WHERE state = 'pending_approval' AND requested_by <> '\(login)'")
        guard waiting == "0" else { return }
        let maker = try sqlite(db, """
            SELECT login FROM agents WHERE active = 1 AND role IN ('agent', 'supervisor') AND login <> '\(login)' ORDER BY id LIMIT 1
            """)
        let customer = try sqlite(db, "SELECT id FROM customers WHERE status = 'active' ORDER BY id DESC LIMIT 1")
        guard !maker.isEmpty, !customer.isEmpty else {
            throw CommandFailure.other("cannot make a request to approve in \(db): no other agent or no active customer")
        }
        // Unfreezing waits for a checker; the account is frozen first so that it can be asked.
        for command in ["freeze", "unfreeze"] {
            let status = try Shell.run(binary, ["account", command, customer, "--reason", "bench: a request to approve",
                                                "--db", db, "--as", maker], input: "/dev/null", output: "/dev/null").status
            guard status == 0 else { throw CommandFailure.other("`paydesk account \(command)` exited \(status)") }
        }
    }

    /// The first ticket (of the first 2,000) whose customer's newest timeline entry is an
    /// unflagged transaction: the investigation opens on that entry, so Space chooses it.
    /// At the same second a transaction sorts first (it has the timeline's highest rank).
    static let chosenTicketSQL = """
        SELECT number FROM (SELECT t.number, t.customer_id AS c FROM tickets t ORDER BY t.id LIMIT 2000)
        WHERE (SELECT x.flagged FROM transactions x WHERE x.customer_id = c ORDER BY x.at DESC, x.id DESC LIMIT 1) = 0
          AND (SELECT max(x.at) FROM transactions x WHERE x.customer_id = c) >= max(
            ifnull((SELECT max(at) FROM login_events WHERE customer_id = c), 0),
            ifnull((SELECT max(at) FROM account_events WHERE customer_id = c), 0),
            ifnull((SELECT max(started_at) FROM customer_sessions WHERE customer_id = c), 0),
            ifnull((SELECT max(revoked_at) FROM customer_sessions WHERE customer_id = c), 0),
            ifnull((SELECT max(created_at) FROM verification_codes WHERE customer_id = c), 0),
            ifnull((SELECT max(used_at) FROM verification_codes WHERE customer_id = c), 0),
            ifnull((SELECT max(requested_at) FROM security_actions WHERE customer_id = c), 0))
        ORDER BY number LIMIT 1
        """

    /// One value from the sqlite3 tool, trimmed ("" when the query found no row).
    static func sqlite(_ db: String, _ sql: String) throws -> String {
        let file = Shell.temp("pty-sql.txt")
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try Shell.run("sqlite3", ["-readonly", db, sql.replacingOccurrences(of: "\n", with: " ")], input: "/dev/null", output: file)
        return ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
