import Foundation
import GRDB
import SupportCore

extension SupportStore {
    /// `changingTicket` with GRDB's `Database`, for the services that are SQLite's alone.
    func changeTicket<T>(number: Int64, by actor: Agent, action: String, expecting version: Int64?,
                         reason: String? = nil,
                         _ change: (Database, Ticket) throws -> (before: String?, after: String?, result: T)) throws -> T {
        try changingTicket(number: number, by: actor, action: action, expecting: version, reason: reason) { session, ticket in
            try change(session.grdb, ticket)
        }
    }
}
