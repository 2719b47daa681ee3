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

/// What `audit verify` found: the verdict, plus notes a reviewer should read (records
/// that predate the key, the checkpoint the log was held against).
public struct AuditReport: Sendable, Equatable, Codable {
    public var verification: AuditVerification
    public var records: Int
    /// Records written before the database had an audit key, checked by plain SHA-256.
    public var unkeyedRecords: Int
    public var checkpointRecords: Int64?
    public var checkpointAt: Date?
    public var notes: [String]

    public init(verification: AuditVerification, records: Int, unkeyedRecords: Int, checkpointRecords: Int64?,
                checkpointAt: Date?, notes: [String]) {
        self.verification = verification; self.records = records; self.unkeyedRecords = unkeyedRecords
        self.checkpointRecords = checkpointRecords; self.checkpointAt = checkpointAt; self.notes = notes
    }
}

package enum AuditChain {
    static let genesis = String(repeating: "0", count: 64)
    /// The SQL function each connection gets when the store opens with its key, so that
    /// `append`, called from every service's transaction, can sign without holding the key.
    package static let macFunction = "paydesk_audit_mac"

    /// Length-prefixed fields, so no choice of text can make two records hash alike.
    static func material(prev: String, id: Int64, at: Int64, actor: String, action: String, entity: String,
                         entityId: String, before: String?, after: String?, reason: String?) -> String {
        var material = ""
        for field in [prev, String(id), String(at), actor, action, entity, entityId,
                      before ?? "\u{0}", after ?? "\u{0}", reason ?? "\u{0}"] {
            material += "\(field.utf8.count):\(field);"
        }
        return material
    }

    /// The plain SHA-256 link of records written before the database had an audit key.
    /// Anyone can compute it, which is why it is kept only for those old records.
    static func hash(prev: String, id: Int64, at: Int64, actor: String, action: String, entity: String,
                     entityId: String, before: String?, after: String?, reason: String?) -> String {
        plain(material(prev: prev, id: id, at: at, actor: actor, action: action, entity: entity, entityId: entityId,
                       before: before, after: after, reason: reason))
    }

    static func plain(_ material: String) -> String { Hex.string(SHA256.hash(data: Data(material.utf8))) }

    /// The first keyed record, or nil for a database that has no audit key yet.
    static func keyedFrom(_ db: Database) throws -> Int64? {
        guard try db.tableExists("audit_key") else { return nil }   // a database before v8
        return try Int64.fetchOne(db.cachedStatement(sql: "SELECT keyed_from FROM audit_key WHERE id = 1"))
    }

    /// Appends a record inside the caller's transaction, chained to the last one and, once
    /// the database has a key, signed with it. Callers hold an IMMEDIATE transaction, so
    /// no other writer can interleave.
    package static func append(_ db: Database, at: Int64, actor: String, action: String, entity: String,
                       entityId: String, before: String? = nil, after: String? = nil,
                       reason: String? = nil) throws {
        // Cached statements here and on the other paths every write takes: compiling the
        // same SQL again for each record (GRDB's authorizer runs on every compile) cost
        // more than running it.
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"))
        let prev: String = last?["hash"] ?? genesis
        let id: Int64 = (last?["id"] ?? 0) + 1
        let text = material(prev: prev, id: id, at: at, actor: actor, action: action, entity: entity,
                            entityId: entityId, before: before, after: after, reason: reason)
        let hash: String
        if let keyedFrom = try keyedFrom(db), id >= keyedFrom {
            do {
                // As a blob: the material holds NUL bytes (absent fields), which text would cut off.
                hash = try String.fetchOne(db.cachedStatement(sql: "SELECT \(macFunction)(?)"), arguments: [Data(text.utf8)]) ?? ""
            } catch {
                throw StoreError(.other, "This connection has no audit key, so the audit record could not be signed; nothing was changed.")
            }
        } else {
            hash = plain(text)
        }
        try db.cachedStatement(sql: """
            INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before, after, reason, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, at, actor, action, entity, entityId, before, after, reason, prev, hash])
    }
}
