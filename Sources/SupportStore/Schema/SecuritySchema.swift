import GRDB

extension Schema {
    /// Security actions, maker-checker requests, one-time codes, the outbox, customer app
    /// sessions and disputes/appeals. Rules that must never be broken (four eyes, decided
    /// requests stay decided) are repeated as constraints so that no code path, and no
    /// hand-written SQL, can slip past the services.
    static func createSecurity(_ db: Database) throws {
        try db.execute(sql: """
            -- "Signed out everywhere at": any app session older than this is invalid, including
            -- sessions the wallet backend never reported to us.
            ALTER TABLE customers ADD COLUMN sessions_revoked_at INTEGER;

            CREATE TABLE disputes (
                id INTEGER PRIMARY KEY,
                customer_id INTEGER NOT NULL REFERENCES customers(id),
                transaction_id INTEGER REFERENCES transactions(id),   -- NULL for an appeal
                ticket_id INTEGER REFERENCES tickets(id),
                kind TEXT NOT NULL CHECK (kind IN ('dispute','appeal')),
                reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
                opened_by TEXT NOT NULL,
                opened_at INTEGER NOT NULL,
                deadline_at INTEGER NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('open','refunded','closed')),
                compromised_at INTEGER,                               -- appeals: time of compromise
                details TEXT                                          -- JSON: suspicious references
            );
            CREATE INDEX disputes_customer ON disputes(customer_id, opened_at DESC);
            CREATE INDEX disputes_transaction ON disputes(transaction_id, state);

            CREATE TABLE security_actions (
                id INTEGER PRIMARY KEY,
                customer_id INTEGER NOT NULL REFERENCES customers(id),
                kind TEXT NOT NULL,
                reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
                ticket_id INTEGER REFERENCES tickets(id),
                dispute_id INTEGER REFERENCES disputes(id),
                requested_by TEXT NOT NULL,
                requested_at INTEGER NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('done','pending_approval','approved','rejected')),
                decided_by TEXT,
                decided_at INTEGER,
                decision_reason TEXT,
                details TEXT,
                CHECK ((state IN ('approved','rejected')) = (decided_by IS NOT NULL)),
                -- Four eyes, in the schema as well as in the service.
                CHECK (decided_by IS NULL OR lower(decided_by) != lower(requested_by))
            );
            CREATE INDEX security_actions_customer ON security_actions(customer_id, requested_at DESC, id DESC);
            CREATE INDEX security_actions_state ON security_actions(state, requested_at, id);
            -- One waiting request per customer, kind and dispute: a second click cannot queue a twin.
            CREATE UNIQUE INDEX security_actions_one_pending
                ON security_actions(customer_id, kind, ifnull(dispute_id, 0)) WHERE state = 'pending_approval';
            -- Only a waiting request may change, and only to its decision.
            CREATE TRIGGER security_actions_decided_are_final BEFORE UPDATE ON security_actions
                WHEN OLD.state != 'pending_approval'
                BEGIN SELECT RAISE(ABORT, 'security actions are final once done or decided'); END;
            CREATE TRIGGER security_actions_no_delete BEFORE DELETE ON security_actions
                BEGIN SELECT RAISE(ABORT, 'security actions are never deleted'); END;

            -- One-time codes: only a salted SHA-256 of the code is kept. The plain code exists
            -- in one place, the outbox message, until that message is delivered.
            CREATE TABLE verification_codes (
                id INTEGER PRIMARY KEY,
                customer_id INTEGER NOT NULL REFERENCES customers(id),
                security_action_id INTEGER REFERENCES security_actions(id),
                ticket_id INTEGER REFERENCES tickets(id),
                code_hash TEXT NOT NULL,
                salt TEXT NOT NULL,
                channel TEXT NOT NULL CHECK (channel IN ('sms','email')),
                destination TEXT NOT NULL,          -- masked: where it went, not the contact itself
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                used_at INTEGER,
                invalidated_at INTEGER,             -- superseded by a newer code or too many wrong tries
                failed_attempts INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX verification_codes_customer ON verification_codes(customer_id, created_at);

            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY,
                customer_id INTEGER NOT NULL REFERENCES customers(id),
                channel TEXT NOT NULL CHECK (channel IN ('sms','email')),
                destination TEXT NOT NULL,
                subject TEXT,
                body TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                delivered_at INTEGER,
                discarded_at INTEGER,               -- a code that expired before delivery is never sent
                contains_code INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX outbox_pending ON outbox(delivered_at, discarded_at, id);

            CREATE TABLE customer_sessions (
                id INTEGER PRIMARY KEY,
                customer_id INTEGER NOT NULL REFERENCES customers(id),
                device_id INTEGER REFERENCES devices(id),
                started_at INTEGER NOT NULL,
                revoked_at INTEGER,
                revoked_by TEXT
            );
            CREATE INDEX customer_sessions_customer ON customer_sessions(customer_id, revoked_at);
            """)
    }
}
