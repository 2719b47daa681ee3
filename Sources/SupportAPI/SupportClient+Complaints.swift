import Foundation
import SupportCore
import SupportStore

/// Complaints: one method per request, named and shaped like the store's service minus the
/// actor (the side that runs the request decides who is acting).
extension SupportClient {
    @discardableResult public func openComplaint(ticket: Int64, statement: String, expectedOutcome: String) throws -> ComplaintRecord {
        try send(OpenComplaintRequest(ticket: ticket, statement: statement, expectedOutcome: expectedOutcome))
    }

    @discardableResult public func addEvidence(ticket: Int64, kind: EvidenceKind, text: String) throws -> ComplaintRecord {
        try send(AddEvidenceRequest(ticket: ticket, kind: kind, text: text))
    }

    @discardableResult public func recordDecision(ticket: Int64, text: String) throws -> ComplaintRecord {
        try send(RecordDecisionRequest(ticket: ticket, text: text))
    }

    @discardableResult public func escalateComplaint(ticket: Int64, to: ComplaintLevel, reason: String) throws -> ComplaintRecord {
        try send(EscalateComplaintRequest(ticket: ticket, to: to, reason: reason))
    }

    @discardableResult public func closeComplaint(ticket: Int64, outcome: String, accepted: Bool) throws -> ComplaintRecord {
        try send(CloseComplaintRequest(ticket: ticket, outcome: outcome, accepted: accepted))
    }

    public func complaintWorkingDays() throws -> Int {
        try send(ComplaintWorkingDaysRequest())
    }

    @discardableResult public func setComplaintWorkingDays(_ days: Int) throws -> Empty {
        try send(SetComplaintWorkingDaysRequest(days: days))
    }

    public func complaint(ticket: Int64) throws -> ComplaintRecord? {
        try send(ComplaintRequest(ticket: ticket))
    }
}
