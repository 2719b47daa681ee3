import Foundation
import GRDB
import SupportCore

// Audit records for events that change no business row but that PCI DSS 10.2 wants on
// record: the audit log starting (10.2.1.6), every read of it (10.2.1.3), and console
// sessions opening and closing (10.2.1.5 identification); the last two are the engine's
// (`StoreEngine.recordAuditAccess`, `recordConsoleSession`), for both stores. Each is its
// own small write.
extension SupportStore {
    /// Called once, right after a new database file got its schema: the log starts here.
    func recordAuditLogStarted() throws {
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log") == 0 else { return }
            let schema = Schema.migrator.migrations.last ?? "?"
            try AuditChain.append(db, at: now, actor: Self.operatingSystemUser, action: "audit.init", entity: "audit_log",
                                  entityId: (path as NSString).lastPathComponent, after: "schema=\(schema)",
                                  reason: "new database")
        }
    }
}
