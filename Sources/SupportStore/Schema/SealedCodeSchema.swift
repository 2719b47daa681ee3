import GRDB

/// One-time codes never at rest in plaintext: which delivery key the database's codes are
/// sealed to (the key itself lives in a file outside the database), each code's hash
/// scheme (`sha256`: salted, from before; `hmac`: keyed with the pepper in that file), and
/// the outbox's sealed body (HPKE to the delivery key) beside a `body` that is redacted.
enum SealedCodeSchema {
    static let migration = "v11-sealed-codes"

    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE delivery_key (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                key_id TEXT NOT NULL,
                public_key TEXT NOT NULL,
                created_at INTEGER NOT NULL
            );
            ALTER TABLE verification_codes ADD COLUMN hash_scheme TEXT NOT NULL DEFAULT 'sha256'
                CHECK (hash_scheme IN ('sha256', 'hmac'));
            ALTER TABLE outbox ADD COLUMN sealed_body BLOB;
            """)
    }
}
