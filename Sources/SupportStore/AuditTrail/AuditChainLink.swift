import Foundation

/// One audit record as the chain sees it: its fields, the link it claims to the record
/// before and its own hash. Any store (SQLite, PostgreSQL) reads its rows into this.
public struct AuditChainRow: Sendable, Equatable {
    public var id: Int64
    public var at: Int64
    public var actor: String
    public var action: String
    public var entity: String
    public var entityId: String
    public var before: String?
    public var after: String?
    public var reason: String?
    public var prevHash: String
    public var hash: String

    public init(id: Int64, at: Int64, actor: String, action: String, entity: String, entityId: String,
                before: String?, after: String?, reason: String?, prevHash: String, hash: String) {
        self.id = id; self.at = at; self.actor = actor; self.action = action; self.entity = entity
        self.entityId = entityId; self.before = before; self.after = after; self.reason = reason
        self.prevHash = prevHash; self.hash = hash
    }
}

/// The chain's hashing, the one implementation every store uses: a record's link is an
/// HMAC-SHA256 under the audit key from `keyedFrom` on, and a plain SHA-256 before it (records
/// written before the database had a key).
public struct AuditChainHasher: Sendable {
    public static let genesis = AuditChain.genesis
    let key: AuditKey
    /// The first keyed record; nil when the log has no key yet (every link is plain).
    public let keyedFrom: Int64?

    init(key: AuditKey, keyedFrom: Int64?) {
        self.key = key
        self.keyedFrom = keyedFrom
    }

    /// The hasher for the key in `keyPath` (an owner-only file, as `AuditFiles` describes).
    public init(keyPath: String, keyedFrom: Int64?) throws {
        guard let key = try AuditKey.load(keyPath) else {
            throw StoreError(.notFound, "There is no audit key at \(keyPath).")
        }
        self.init(key: key, keyedFrom: keyedFrom)
    }

    /// Makes a new key file at `path` (owner-only), or returns quietly when another process
    /// made it first; for a store that starts a chain of its own.
    public static func createKeyFile(at path: String) throws {
        _ = try AuditKey.create(path)
    }

    /// Names the key without revealing it (what `audit_key.key_id` holds).
    public var keyId: String { key.id }

    /// The hash a record with these fields must carry after `prev`.
    public func hash(prev: String, id: Int64, at: Int64, actor: String, action: String, entity: String,
                     entityId: String, before: String?, after: String?, reason: String?) -> String {
        let material = AuditChain.material(prev: prev, id: id, at: at, actor: actor, action: action, entity: entity,
                                           entityId: entityId, before: before, after: after, reason: reason)
        return isKeyed(id) ? key.mac(material) : AuditChain.plain(material)
    }

    func isKeyed(_ id: Int64) -> Bool { keyedFrom.map { id >= $0 } ?? false }
}

/// Walks a chain record by record, oldest first, and reports the first break: a gap in
/// the ids, a link that does not match the record before, a hash that does not match
/// the record's content (or its signature under the key).
public struct AuditChainWalk: Sendable {
    public let hasher: AuditChainHasher
    public private(set) var count = 0
    /// Records checked by their plain SHA-256 link (written before the key).
    public private(set) var unkeyed = 0
    public private(set) var head = AuditChain.genesis

    public init(hasher: AuditChainHasher) { self.hasher = hasher }

    /// Checks the next record; nil when it holds, else what is wrong with it.
    public mutating func check(_ row: AuditChainRow) -> AuditVerification? {
        if row.id != Int64(count) + 1 {
            return .broken(recordId: row.id, problem: "the record before it (\(count + 1)) is missing")
        }
        if row.prevHash != head {
            return .broken(recordId: row.id, problem: "its link to the previous record does not match")
        }
        let expected = hasher.hash(prev: head, id: row.id, at: row.at, actor: row.actor, action: row.action,
                                   entity: row.entity, entityId: row.entityId, before: row.before,
                                   after: row.after, reason: row.reason)
        let keyed = hasher.isKeyed(row.id)
        if !OneTimeCode.constantTimeEqual(row.hash, expected) {
            return .broken(recordId: row.id, problem: keyed
                ? "its signature does not match the audit key: it was changed, forged or re-hashed after it was written"
                : "its content was changed after it was written")
        }
        if !keyed { unkeyed += 1 }
        head = row.hash
        count += 1
        return nil
    }
}
