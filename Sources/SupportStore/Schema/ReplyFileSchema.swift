import GRDB

/// `v14-outbox-files`: the files a reply carries, in the database beside the queued message
/// that carries them. Kept in the reply's own transaction, a refused reply leaves no file
/// behind and a queued one never lacks its file; on PostgreSQL the bytes live where the
/// rest of the data does, so they survive the host and every instance delivering from the
/// shared outbox can read them (see the README, "Running on PostgreSQL").
enum ReplyFileSchema {
    static let migration = "v14-outbox-files"

    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE outbox_files (
                outbox_id INTEGER NOT NULL REFERENCES outbox(id),
                position INTEGER NOT NULL,
                name TEXT NOT NULL,
                content BLOB NOT NULL,
                PRIMARY KEY (outbox_id, position)
            );
            """)
    }
}
