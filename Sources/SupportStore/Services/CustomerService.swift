import Foundation
import GRDB
import SupportCore

/// A ticket as a line in a list: the joined fields a queue or history row shows.
public struct TicketSummary: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var number: Int64
    public var subject: String
    public var category: Category
    public var channel: Channel
    public var priority: Priority
    public var status: TicketStatus
    public var customerId: Int64
    public var customerName: String
    public var assignee: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var slaDueAt: Date?
    public var slaWarnAt: Date?
    public var version: Int64
    /// No keyword rule categorised it: `category` is a placeholder, shown as "untriaged".
    public var untriaged = false

    public init(id: Int64, number: Int64, subject: String, category: Category, channel: Channel, priority: Priority,
                status: TicketStatus, customerId: Int64, customerName: String, assignee: String?, createdAt: Date,
                updatedAt: Date, slaDueAt: Date?, slaWarnAt: Date?, version: Int64, untriaged: Bool = false) {
        self.id = id; self.number = number; self.subject = subject; self.category = category; self.channel = channel
        self.priority = priority; self.status = status; self.customerId = customerId; self.customerName = customerName
        self.assignee = assignee; self.createdAt = createdAt; self.updatedAt = updatedAt; self.slaDueAt = slaDueAt
        self.slaWarnAt = slaWarnAt; self.version = version; self.untriaged = untriaged
    }
}

extension TicketSummary {
    static let columns = """
        t.id, t.number, t.subject, t.category, t.channel, t.priority, t.status, t.customer_id,
        c.name AS customer_name, a.login AS assignee, t.created_at, t.updated_at, t.sla_due_at, t.sla_warn_at, t.version,
        t.untriaged
        """
    static let joins = "FROM tickets t JOIN customers c ON c.id = t.customer_id LEFT JOIN agents a ON a.id = t.assignee_id"
}

// Counting customers, on either store (finding one: AccountReads.swift).
extension StoreEngine {
    public func customerCount() throws -> Int {
        try reading { db in try db.fetchValue("SELECT COUNT(*) FROM customers", as: Int.self) ?? 0 }
    }
}

extension SupportStore {
    /// Inserts one customer directly; for tests and fixtures, not a service (no audit).
    public func insertCustomerForTesting(name: String, phone: String, email: String, balance: Int64 = 0,
                                         status: CustomerStatus = .active) throws -> Int64 {
        try write { db in
            let n = (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customers") ?? 0) + 1
            try db.execute(sql: """
                INSERT INTO customers (wallet_id, name, phone, email, kyc_level, status, two_factor, balance, currency,
                                       daily_limit, created_at)
                VALUES (?, ?, ?, ?, 2, ?, 0, ?, 'IDR', 1000000000, ?)
                """, arguments: [String(format: "WLT-T%07d", n), name, phone, email, status.rawValue, balance, now])
            return db.lastInsertedRowID
        }
    }
}

extension StoreEngine {
    /// The customer as an agent may see them: phone and email masked. The console shows
    /// this; unmasked contact data only comes through `revealContact`, which is audited.
    /// Unmasked contact data, for this view only. Needs a reason; writes an audit record
    /// (PCI DSS 10.2.1: access to cardholder and personal data) in the same transaction.
    public func revealContact(customerId: Int64, reason: String, by actor: Agent) throws -> Customer {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw StoreError.invalid("Revealing personal data needs a reason.") }
        return try auditedWriting(by: actor, "customer.reveal", entity: "customer", id: String(customerId)) { db in
            guard actor.role.can(.revealPersonalData) else {
                throw StoreError.forbidden("\(actor.login) may not reveal personal data.")
            }
            guard let row = try db.fetchRow("SELECT * FROM customers WHERE id = ?", [customerId]) else {
                throw StoreError.notFound("Customer \(customerId)")
            }
            return AuditedChange(Customer(row: row), after: "fields=phone,email", reason: reason)
        }
    }
}
