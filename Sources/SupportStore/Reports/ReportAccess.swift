import Foundation
import GRDB
import SupportCore

// Reports read every team's tickets and agents' figures, so looking at one is a
// supervisor's privilege, checked here (not only in the command) against the agent as
// the table holds it now, with every refusal and every view on record.
extension StoreEngine {
    /// Throws `.forbidden` (audited as `refused:report.NAME`) unless `actor` may view
    /// reports; otherwise records `report.NAME` with what was asked for.
    public func authorizeReport(_ name: String, detail: String, by actor: Agent) throws {
        try auditedWriting(by: actor, "report.\(name)", entity: "report", id: name) { _ in
            guard actor.role.can(.viewReports) else {
                throw StoreError.forbidden("\(actor.login) may not view reports; reports are for supervisors.")
            }
            return AuditedChange(after: detail)
        }
    }
}
