import Foundation
import SupportCore
import SupportStore

/// Presence: one method per request, named and shaped like the store's service minus the
/// actor (the side that runs the request decides who is acting).
extension SupportClient {
    @discardableResult public func recordConsoleSession(opened: Bool) throws -> Empty {
        try send(RecordConsoleSessionRequest(opened: opened))
    }

    @discardableResult public func setPresence(ticketNumber: Int64?, state: PresenceState) throws -> Bool {
        try send(SetPresenceRequest(ticketNumber: ticketNumber, state: state))
    }

    public func presence(ticketNumber: Int64) throws -> [PresenceEntry] {
        try send(PresenceRequest(ticketNumber: ticketNumber))
    }

    @discardableResult public func saveDraft(ticketNumber: Int64, kind: String, body: String) throws -> Empty {
        try send(SaveDraftRequest(ticketNumber: ticketNumber, kind: kind, body: body))
    }

    public func draft(ticketNumber: Int64) throws -> Draft? {
        try send(DraftRequest(ticketNumber: ticketNumber))
    }

    @discardableResult public func deleteDraft(ticketNumber: Int64) throws -> Empty {
        try send(DeleteDraftRequest(ticketNumber: ticketNumber))
    }
}
