/// The PostgreSQL form of SQLite's `v3-security`: disputes, security actions with their
/// four-eyes rules as constraints, one-time codes, the outbox, app sessions.
enum PostgresSecuritySchema {
    static let v3Security = """
        ALTER TABLE customers ADD COLUMN sessions_revoked_at BIGINT;

        CREATE TABLE disputes (
            id \(PostgresCoreSchema.identity),
            customer_id BIGINT NOT NULL REFERENCES customers(id),
            transaction_id BIGINT REFERENCES transactions(id),
            ticket_id BIGINT REFERENCES tickets(id),
            kind TEXT NOT NULL CHECK (kind IN ('dispute','appeal')),
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
            opened_by TEXT NOT NULL,
            opened_at BIGINT NOT NULL,
            deadline_at BIGINT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('open','refunded','closed')),
            compromised_at BIGINT,
            details TEXT
        );
        CREATE INDEX disputes_customer ON disputes(customer_id, opened_at DESC);
        CREATE INDEX disputes_transaction ON disputes(transaction_id, state);

        CREATE TABLE security_actions (
            id \(PostgresCoreSchema.identity),
            customer_id BIGINT NOT NULL REFERENCES customers(id),
            kind TEXT NOT NULL,
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
            ticket_id BIGINT REFERENCES tickets(id),
            dispute_id BIGINT REFERENCES disputes(id),
            requested_by TEXT NOT NULL,
            requested_at BIGINT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('done','pending_approval','approved','rejected')),
            decided_by TEXT,
            decided_at BIGINT,
            decision_reason TEXT,
            details TEXT,
            CHECK ((state IN ('approved','rejected')) = (decided_by IS NOT NULL)),
            -- Four eyes, in the schema as well as in the service.
            CHECK (decided_by IS NULL OR lower(decided_by) <> lower(requested_by))
        );
        CREATE INDEX security_actions_customer ON security_actions(customer_id, requested_at DESC, id DESC);
        CREATE INDEX security_actions_state ON security_actions(state, requested_at, id);
        CREATE UNIQUE INDEX security_actions_one_pending
            ON security_actions(customer_id, kind, coalesce(dispute_id, 0)) WHERE state = 'pending_approval';
        -- Only a waiting request may change, and only to its decision.
        CREATE TRIGGER security_actions_decided_are_final BEFORE UPDATE ON security_actions
            FOR EACH ROW WHEN (OLD.state <> 'pending_approval')
            EXECUTE FUNCTION pd_refuse_change('security actions are final once done or decided');
        CREATE TRIGGER security_actions_no_delete BEFORE DELETE ON security_actions
            FOR EACH ROW EXECUTE FUNCTION pd_refuse_change('security actions are never deleted');

        CREATE TABLE verification_codes (
            id \(PostgresCoreSchema.identity),
            customer_id BIGINT NOT NULL REFERENCES customers(id),
            security_action_id BIGINT REFERENCES security_actions(id),
            ticket_id BIGINT REFERENCES tickets(id),
            code_hash TEXT NOT NULL,
            salt TEXT NOT NULL,
            channel TEXT NOT NULL CHECK (channel IN ('sms','email')),
            destination TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            used_at BIGINT,
            invalidated_at BIGINT,
            failed_attempts INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX verification_codes_customer ON verification_codes(customer_id, created_at);

        CREATE TABLE outbox (
            id \(PostgresCoreSchema.identity),
            customer_id BIGINT NOT NULL REFERENCES customers(id),
            channel TEXT NOT NULL CHECK (channel IN ('sms','email')),
            destination TEXT NOT NULL,
            subject TEXT,
            body TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            delivered_at BIGINT,
            discarded_at BIGINT,
            contains_code INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX outbox_pending ON outbox(delivered_at, discarded_at, id);

        CREATE TABLE customer_sessions (
            id \(PostgresCoreSchema.identity),
            customer_id BIGINT NOT NULL REFERENCES customers(id),
            device_id BIGINT REFERENCES devices(id),
            started_at BIGINT NOT NULL,
            revoked_at BIGINT,
            revoked_by TEXT
        );
        CREATE INDEX customer_sessions_customer ON customer_sessions(customer_id, revoked_at);
        """

    /// `v8-security-audit-key`: where the keyed chain begins (see SupportStore's
    /// SecurityAuditSchema).
    static let v8AuditKey = """
        CREATE TABLE audit_key (
            id BIGINT PRIMARY KEY CHECK (id = 1),
            key_id TEXT NOT NULL,
            keyed_from BIGINT NOT NULL,
            created_at BIGINT NOT NULL
        );
        """
}
