import Foundation
import GRDB
import SupportCore

/// One line of the console's security pane: an action that applies to the account in
/// its current state and that the viewer's role may take. `available` is false when a
/// precondition blocks it for now (a balance, the hourly code limit, a waiting request);
/// `note` says why, so the agent is not left guessing.
public struct AvailableSecurityAction: Sendable, Codable, Hashable {
    public var kind: AccountSecurityAction
    /// Set on approve/reject entries: the waiting request to decide.
    public var requestId: Int64?
    public var title: String
    public var note: String
    /// `note` as a value, for the console to say in the agent's language.
    public var why: SecurityNote
    public var available: Bool
    public var needsApproval: Bool
}
