import GRDB

/// `v8-mail`: the outbox becomes a delivery queue. Each message remembers the ticket and
/// timeline entry it belongs to (so the timeline shows its state), its mail threading
/// (our Message-ID, the customer message it answers), and its delivery attempts.
/// States: queued (no delivered/failed/discarded time) → sent (`delivered_at`,
/// `message_id`) or failed (`failed_at`, `last_error`) after the retry window.
enum MailSchema {
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE outbox ADD COLUMN ticket_id INTEGER REFERENCES tickets(id);
            ALTER TABLE outbox ADD COLUMN event_id INTEGER REFERENCES ticket_events(id);
            ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER;      -- NULL: now
            ALTER TABLE outbox ADD COLUMN claimed_until INTEGER;        -- a deliverer is sending it until then
            ALTER TABLE outbox ADD COLUMN last_error TEXT;
            ALTER TABLE outbox ADD COLUMN failed_at INTEGER;            -- gave up: shown, never retried by itself
            ALTER TABLE outbox ADD COLUMN message_id TEXT;              -- set before the first attempt, reused by retries
            ALTER TABLE outbox ADD COLUMN in_reply_to TEXT;
            ALTER TABLE outbox ADD COLUMN references_ids TEXT;          -- space-separated, oldest first
            ALTER TABLE outbox ADD COLUMN attachment_path TEXT;
            CREATE INDEX outbox_ticket ON outbox(ticket_id, id);
            CREATE UNIQUE INDEX outbox_message_id ON outbox(message_id) WHERE message_id IS NOT NULL;
            """)
    }
}
