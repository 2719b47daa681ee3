import Foundation
import GRDB
import SupportCore

// An `Agent` value is a snapshot taken when a console or command started. An admin may
// disable or demote that agent minutes later while the console stays open, so every
// privileged write re-reads the agent inside its own transaction and refuses when the
// snapshot no longer matches (`StoreEngine.recheckActor`): the check and the change
// commit together, so no disable can slip in between them. A changed role is refused in
// either direction: a promotion is honoured once the agent opens paydesk again.
extension SupportStore {
    /// The same for writes that are not audited as a whole (presence, drafts): a disabled
    /// agent's console may not keep writing either.
    func writeAsAgent<T>(_ actor: Agent, action: String, entity: String, entityId: String,
                         _ body: (Database) throws -> T) throws -> T {
        try audited(by: actor, action: action, entity: entity, entityId: entityId, body)
    }
}
