import GRDB

/// `v10-gateways`: messages to HTTP gateways (SMS, app chat, social). A gateway answers a
/// send with its own id for the message (`provider_id`) and later posts a delivery
/// receipt: delivered to the handset or app, or failed with a reason. The channel check
/// grows two channels, which in SQLite means rebuilding the table (nothing references it).
enum GatewaySchema {
    static let carried = """
        id, customer_id, channel, destination, subject, body, created_at, delivered_at, discarded_at, contains_code,
        ticket_id, event_id, attempts, next_attempt_at, claimed_until, last_error, failed_at, message_id, in_reply_to,
        references_ids, attachment_path
        """

    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE outbox_v10 (
                id INTEGER PRIMARY KEY,
                customer_id INTEGER NOT NULL REFERENCES customers(id),
                channel TEXT NOT NULL CHECK (channel IN ('sms','email','chat','social')),
                destination TEXT NOT NULL,
                subject TEXT,
                body TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                delivered_at INTEGER,               -- sent: handed to the mail system, gateway or folder
                discarded_at INTEGER,               -- a code that expired before delivery is never sent
                contains_code INTEGER NOT NULL DEFAULT 0,
                ticket_id INTEGER REFERENCES tickets(id),
                event_id INTEGER REFERENCES ticket_events(id),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER,            -- NULL: now
                claimed_until INTEGER,              -- a deliverer is sending it until then
                last_error TEXT,
                failed_at INTEGER,                  -- gave up: shown, never retried by itself
                message_id TEXT,                    -- email: set before the first attempt, reused by retries
                in_reply_to TEXT,
                references_ids TEXT,                -- space-separated, oldest first
                attachment_path TEXT,
                provider_id TEXT,                   -- the gateway's id for the message
                receipt_state TEXT CHECK (receipt_state IN ('delivered','failed')),
                receipt_at INTEGER,
                -- times a supervisor sent it again after the gateway had accepted it: part of
                -- the idempotency key, so the gateway sends the retry instead of answering "seen it"
                resends INTEGER NOT NULL DEFAULT 0,
                retried_at INTEGER                  -- a supervisor's retry restarts the give-up window
            );
            INSERT INTO outbox_v10 (\(carried)) SELECT \(carried) FROM outbox;
            DROP TABLE outbox;
            ALTER TABLE outbox_v10 RENAME TO outbox;
            CREATE INDEX outbox_pending ON outbox(delivered_at, discarded_at, id);
            CREATE INDEX outbox_ticket ON outbox(ticket_id, id);
            CREATE UNIQUE INDEX outbox_message_id ON outbox(message_id) WHERE message_id IS NOT NULL;
            CREATE INDEX outbox_failed ON outbox(failed_at) WHERE failed_at IS NOT NULL;
            """)
    }
}
