import Foundation
import GRDB
import SupportCore

/// What a transaction export needs to know before its first row: the customer as their
/// statement prints them, and how many rows over what time the filter spans. The
/// statement is the customer's own document (the export is reasoned and audited), so it
/// names them and their wallet in full; phone and email stay masked, as on screen.
public struct TransactionExportSubject: Sendable, Equatable, Codable {
    public var customerId: Int64
    /// Unmasked: it names the file the agent saves (`WLT-0000123-20261125-1000.xlsx`).
    public var walletId: String
    public var name: String
    public var maskedPhone: String
    public var maskedEmail: String
    public var currency: String
    /// Rows the filter matches now, for the progress bar.
    public var count: Int
    /// The oldest and newest matching transaction times; nil when nothing matches.
    public var first: Date?
    public var last: Date?
}

// Exporting a customer's transactions puts personal data in a file that leaves the
// console, so it is a privileged action: the role must hold `exportTransactions`, and
// every export leaves an audit record saying who exported what, how and where.
extension StoreEngine {
    static var exportAction: String { "transactions.export" }

    /// Checks the actor may export and returns the statement's header data. A refusal
    /// is itself audited, as every refused privileged action is.
    public func prepareTransactionExport(customerId: Int64, query: Query, reason: String, by actor: Agent) throws -> TransactionExportSubject {
        // Exporting customer data is privileged: like every privileged action it needs a reason.
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw StoreError.invalid("Exporting a customer's transactions needs a reason.")
        }
        do {
            try reading { db in try Self.recheckActor(db, actor) }
            try Self.requirePermission(actor, .exportTransactions)
        } catch let error as StoreError {
            try? recordRefusal(actor: actor.login, action: Self.exportAction, entity: "customer",
                               entityId: String(customerId), reason: error.message)
            throw error
        }
        return try reading { db in
            let customer = try Self.loadCustomer(db, id: customerId)
            let condition = transactionCondition(customerId: customerId, query: query, dialect: db.dialect)
            let span = try db.fetchRow("""
                SELECT COUNT(*) AS n, MIN(x.at) AS first, MAX(x.at) AS last FROM \(Self.totalsSource(db.dialect, query: query)) WHERE \(condition.sql)
                """, condition.arguments)!
            return TransactionExportSubject(
                customerId: customerId, walletId: customer.walletId, name: customer.name,
                maskedPhone: MaskedPhone(customer.phone).description,
                maskedEmail: MaskedEmail(customer.email).description,
                currency: customer.currency, count: span["n"],
                first: (span["first"] as Int64?).map(Date.init(epoch:)),
                last: (span["last"] as Int64?).map(Date.init(epoch:)))
        }
    }

    /// Records a finished export: who, which customer, which filter, which format, how
    /// many rows and where the file went. The permission is checked again here, in the
    /// same transaction as the record, so no path can write an export without one.
    /// `format` is the file format's name (csv, xlsx, pdf); the store does not know the
    /// exporters.
    public func recordExport(customerId: Int64, query: Query, format: String, rows: Int, path: String,
                             reason: String, ticket number: Int64? = nil, by actor: Agent) throws {
        try auditedWriting(by: actor, Self.exportAction, entity: "customer", id: String(customerId)) { db in
            try Self.requirePermission(actor, .exportTransactions)
            _ = try Self.loadCustomer(db, id: customerId)
            // A statement made for the customer's ticket is on its timeline, so the next
            // agent sees what was sent and when.
            if let number {
                let ticket = try Self.loadTicket(db, number: number)
                guard ticket.customerId == customerId else {
                    throw StoreError.invalid("\(TicketNumber.format(number)) is another customer's ticket; the statement is not recorded on it.")
                }
                let file = (path as NSString).lastPathComponent
                try Self.appendEvent(db, ticketId: ticket.id, kind: .note, author: actor.login,
                                     body: "Statement exported: \(rows) transactions, \(format.uppercased()), \(file)", at: now)
                try db.run("UPDATE tickets SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
                           [now, actor.login, ticket.id])
            }
            return AuditedChange(after: "format=\(format) rows=\(rows) query=\(Self.quoted(query.source)) path=\(Self.quoted(path))",
                                 reason: reason)
        }
    }

    /// Records an export about to be written, before any file can appear: who, which
    /// customer, filter, format, the rows expected, where, and why. A process killed
    /// between publishing the file and `recordExport` still leaves this record, so no
    /// export file can exist without an audit record. Returns the record's id.
    @discardableResult
    public func recordExportStarted(customerId: Int64, query: Query, format: String, expectedRows: Int, path: String,
                                    reason: String, by actor: Agent) throws -> Int64 {
        try auditing(by: actor, action: Self.exportAction, entity: "customer", entityId: String(customerId)) { db in
            try Self.requirePermission(actor, .exportTransactions)
            _ = try Self.loadCustomer(db, id: customerId)
            let after = "state=started format=\(format) rows=\(expectedRows) query=\(Self.quoted(query.source)) path=\(Self.quoted(path))"
            try appendAudit(db, AuditAppend(at: now, actor: actor.login, action: Self.exportAction + ".started", entity: "customer",
                                            entityId: String(customerId), after: after, reason: reason))
            // The chain's head is held to the end of this transaction on either store, so
            // the newest record is the one just appended.
            return try db.fetchValue("SELECT MAX(id) FROM audit_log", as: Int64.self) ?? 0
        }
    }

    /// The export audit records for a customer, newest first.
    public func exportRecords(customerId: Int64, limit: Int = 20) throws -> [AuditRecord] {
        try reading { db in
            try db.fetchRows("""
                SELECT * FROM audit_log WHERE entity = 'customer' AND entity_id = ? AND action = ?
                ORDER BY id DESC LIMIT ?
                """, [String(customerId), Self.exportAction, limit]).map { row in
                AuditRecord(id: row["id"], at: Date(epoch: row["at"]), actor: row["actor"], action: row["action"],
                            entity: row["entity"], entityId: row["entity_id"], before: row["before"],
                            after: row["after"], reason: row["reason"])
            }
        }
    }

    /// Double-quoted with inner quotes doubled, so a filter or path with spaces stays one
    /// readable field in the record.
    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
