import Crypto
import Foundation
import GRDB

/// One record of the hash-chained audit log.
public struct AuditRecord: Sendable, Codable, Equatable {
    public var id: Int64
    public var at: Date
    public var actor: String
    public var action: String
    public var entity: String
    public var entityId: String
    public var before: String?
    public var after: String?
    public var reason: String?
}

public enum AuditVerification: Sendable, Equatable, Codable {
    case ok(records: Int)
    case broken(recordId: Int64, problem: String)
}

enum AuditChain {
    static let genesis = String(repeating: "0", count: 64)

    /// Length-prefixed fields, so no choice of text can make two records hash alike.
    static func hash(prev: String, id: Int64, at: Int64, actor: String, action: String, entity: String,
                     entityId: String, before: String?, after: String?, reason: String?) -> String {
        var material = ""
        for field in [prev, String(id), String(at), actor, action, entity, entityId,
                      before ?? "\u{0}", after ?? "\u{0}", reason ?? "\u{0}"] {
            material += "\(field.utf8.count):\(field);"
        }
        return SHA256.hash(data: Data(material.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Appends a record inside the caller's transaction, chained to the last one.
    /// Callers hold an IMMEDIATE transaction, so no other writer can interleave.
    static func append(_ db: Database, at: Int64, actor: String, action: String, entity: String,
                       entityId: String, before: String? = nil, after: String? = nil,
                       reason: String? = nil) throws {
        let last = try Row.fetchOne(db, sql: "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
        let prev: String = last?["hash"] ?? genesis
        let id: Int64 = (last?["id"] ?? 0) + 1
        let hash = hash(prev: prev, id: id, at: at, actor: actor, action: action, entity: entity,
                        entityId: entityId, before: before, after: after, reason: reason)
        try db.execute(sql: """
            INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before, after, reason, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [id, at, actor, action, entity, entityId, before, after, reason, prev, hash])
    }
}

extension SupportStore {
    /// Walks the whole chain; reports the first record whose link or content does not match.
    public func verifyAuditChain() throws -> AuditVerification {
        try read { db in
            var prev = AuditChain.genesis
            var count = 0
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit_log ORDER BY id")
            while let row = try cursor.next() {
                let id: Int64 = row["id"]
                let storedPrev: String = row["prev_hash"]
                if storedPrev != prev {
                    return .broken(recordId: id, problem: "its link to the previous record does not match")
                }
                let expected = AuditChain.hash(prev: prev, id: id, at: row["at"], actor: row["actor"],
                                               action: row["action"], entity: row["entity"],
                                               entityId: row["entity_id"], before: row["before"],
                                               after: row["after"], reason: row["reason"])
                let stored: String = row["hash"]
                if stored != expected {
                    return .broken(recordId: id, problem: "its content was changed after it was written")
                }
                prev = stored
                count += 1
            }
            return .ok(records: count)
        }
    }

    public func auditRecords(entity: String? = nil, entityId: String? = nil, limit: Int = 100) throws -> [AuditRecord] {
        try read { db in
            var sql = "SELECT * FROM audit_log"
            var args: [DatabaseValueConvertible?] = []
            if let entity {
                sql += " WHERE entity = ?"
                args.append(entity)
                if let entityId { sql += " AND entity_id = ?"; args.append(entityId) }
            }
            sql += " ORDER BY id DESC LIMIT ?"
            args.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { row in
                AuditRecord(id: row["id"], at: Date(epoch: row["at"]), actor: row["actor"], action: row["action"],
                            entity: row["entity"], entityId: row["entity_id"], before: row["before"],
                            after: row["after"], reason: row["reason"])
            }
        }
    }
}
