import Foundation
import GRDB
import SupportCore

extension SupportStore {
    /// A consistent copy of the live database through SQLite's online backup, written where
    /// the admin says (a new file, owner-only), while agents keep working. Admins only;
    /// audited in the database that was copied, so the copy's own log ends just before it.
    public func backup(to destination: String, by actor: Agent) throws -> BackupReport {
        guard actor.role.can(.manageAgents) else {
            try? recordRefusal(actor: actor.login, action: "store.backup", entity: "database", entityId: destination,
                               reason: "only an admin may back up the database")
            throw StoreError.forbidden("Only an admin may back up the database.")
        }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw StoreError.conflict("\(destination) already exists; name a new file for the backup.")
        }
        let old = umask(0o077)
        defer { umask(old) }
        do {
            let target = try DatabaseQueue(path: destination)
            try pool.backup(to: target)
            try target.close()
        } catch let error as DatabaseError {
            try? FileManager.default.removeItem(atPath: destination)
            throw StoreError(.other, "The backup to \(destination) failed: \(error.message ?? "\(error.resultCode)"); nothing was kept.")
        }
        // The copy's audit chain is keyed: without its key it cannot be opened or verified.
        // The key goes beside the copy (owner-only); the signed checkpoints are shipped
        // off-host separately and are not part of a backup.
        let keyCopy = AuditFiles.beside(database: destination).keyPath
        if FileManager.default.fileExists(atPath: auditFiles.keyPath), !FileManager.default.fileExists(atPath: keyCopy) {
            do {
                try PrivateFile.write(try Data(contentsOf: URL(fileURLWithPath: auditFiles.keyPath)), to: keyCopy, mode: FileModes.process.file)
            } catch {
                try? FileManager.default.removeItem(atPath: destination)
                throw StoreError(.other, "The backup could not copy the audit key beside \(destination); nothing was kept.")
            }
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? Int) ?? 0
        try write { db in
            try AuditChain.append(db, at: now, actor: actor.login, action: "store.backup", entity: "database",
                                  entityId: destination, after: "bytes=\(size)")
        }
        return BackupReport(path: destination, bytes: size)
    }
}

public struct BackupReport: Sendable, Codable, Equatable {
    public var path: String
    public var bytes: Int
}
