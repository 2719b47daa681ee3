import GRDB

/// `v8-security-audit-key`: where the keyed audit chain begins. Records before
/// `keyed_from` were written before this database had an audit key and keep their plain
/// SHA-256 links; from `keyed_from` on each record's hash is an HMAC under the key file.
/// The row is filled when a store first opens the database with its key (`AuditAnchor`),
/// and checkpoints repeat `keyed_from` outside the database, so removing or moving it
/// to pass keyed records off as plain ones is caught.
enum SecurityAuditSchema {
    static let migration = "v8-security-audit-key"

    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE audit_key (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                key_id TEXT NOT NULL,
                keyed_from INTEGER NOT NULL,
                created_at INTEGER NOT NULL
            );
            """)
    }
}
