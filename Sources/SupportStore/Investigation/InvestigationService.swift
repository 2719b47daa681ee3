import Foundation
import SupportCore

/// What the investigation found on one account: the compromise point (if any) with its
/// explanation, the unusual events below the mark, and the transactions after it that
/// are pre-selected for flagging.
public struct Investigation: Sendable, Codable {
    public var customerId: Int64
    public var walletId: String
    /// Only events from here on can be marked; the baseline reaches further back.
    public var since: Date
    public var rules: DetectionRules
    public var report: CompromiseReport
    public var suspects: [SuspectTransaction]
    /// References after the compromise point already flagged (by anyone).
    public var alreadyFlagged: [String]

    public var compromise: ActivityFinding? { report.compromise }
}

/// The outcome of flagging a selection: each transaction is flagged through the one
/// flag service (its own audit record and ticket note), so a refusal of one does not
/// hide the others.
public struct FlagBatchResult: Sendable, Codable {
    public var flagged: [String] = []
    public var skipped: [String: String] = [:]     // reference → why
    /// The customers whose transactions were flagged: other consoles showing them re-read.
    public var customers: [Int64] = []
}

extension SupportStore {
    /// Days before now the investigation looks for the compromise point by default.
    public static let investigationDays = 90
    /// At most this many transactions after the compromise point are judged.
    static let suspectWindowCap = 2_000
}

// The investigation, written once for both stores: one read, then flags through the one
// flag service (each its own audited write, locking its transaction on PostgreSQL).
extension StoreEngine {
    /// Runs the detector over the customer's account: the baseline and candidate events
    /// in one read, then the transactions around the point it marks.
    public func investigate(customerId: Int64, since: Date? = nil) throws -> Investigation {
        try reading { db in
            let customer = try Self.loadCustomer(db, id: customerId)
            let rules = try Self.detectionRules(db)
            let since = since ?? Date(epoch: now - Int64(SupportStore.investigationDays) * 86_400)
            let baseline = TimeInterval(rules[.baselineDays]) * 86_400
            let events = try accountActivity(db, customerId: customerId, from: since.addingTimeInterval(-baseline))
            let report = CompromiseDetector(rules: rules).scan(events, from: since)
            var suspects: [SuspectTransaction] = []
            var flagged: [String] = []
            if let point = report.compromise {
                let after = try db.fetch(TransactionDecoder.self, """
                    SELECT x.* FROM transactions x WHERE x.customer_id = ? AND x.at >= ? ORDER BY x.at ASC, x.id ASC LIMIT ?
                    """, [customerId, point.at.epoch, SupportStore.suspectWindowCap])
                let before = try db.fetch(TransactionDecoder.self, """
                    SELECT x.* FROM transactions x WHERE x.customer_id = ? AND x.at >= ? AND x.at < ?
                    """, [customerId, point.at.epoch - Int64(baseline), point.at.epoch])
                suspects = SuspectSelector(rules: rules).select(after: after, baseline: before)
                flagged = after.filter(\.flagged).map(\.reference)
            }
            return Investigation(customerId: customerId, walletId: customer.walletId, since: since, rules: rules,
                                 report: report, suspects: suspects, alreadyFlagged: flagged)
        }
    }

    /// Flags every selected transaction with one reason. Each goes through
    /// `flagTransaction`, so each has its own audit record (and refusal record), as if
    /// flagged one by one; ones already flagged are skipped, not refused. A refusal for
    /// the role stops the batch at once: the rest would be refused alike.
    public func flagTransactions(references: [String], reason: String, ticket: Int64? = nil,
                                 by actor: Agent) throws -> FlagBatchResult {
        var result = FlagBatchResult()
        for reference in references where !result.flagged.contains(reference) {
            do {
                let action = try flagTransaction(reference: reference, reason: reason, ticket: ticket, by: actor)
                result.flagged.append(reference)
                if !result.customers.contains(action.customerId) { result.customers.append(action.customerId) }
            } catch let error as StoreError where error.kind == .conflict || error.kind == .notFound {
                result.skipped[reference] = error.message
            }
        }
        return result
    }
}
