/// The PostgreSQL form of SQLite's `v4-complaints` … `v10-day-ui-language`, in the
/// shape SQLite ends up with (indexes SQLite dropped and re-created are created once, in
/// their final form).
enum PostgresLaterSchema {
    static let v4Complaints = """
        CREATE TABLE complaints (
            ticket_id BIGINT PRIMARY KEY REFERENCES tickets(id),
            statement TEXT NOT NULL,
            expected_outcome TEXT NOT NULL,
            level TEXT NOT NULL DEFAULT 'agent'
                CHECK (level IN ('agent','supervisor','management','regulator')),
            received_at BIGINT NOT NULL,
            opened_by TEXT NOT NULL,
            opened_at BIGINT NOT NULL,
            working_days INTEGER NOT NULL CHECK (working_days > 0),
            due_at BIGINT NOT NULL,
            outcome TEXT,
            accepted INTEGER,
            closed_by TEXT,
            closed_at BIGINT
        );
        CREATE INDEX complaints_open_due ON complaints(due_at) WHERE closed_at IS NULL;

        CREATE TABLE complaint_evidence (
            id \(PostgresCoreSchema.identity),
            ticket_id BIGINT NOT NULL REFERENCES complaints(ticket_id),
            kind TEXT NOT NULL CHECK (kind IN ('chat_excerpt','statement','screenshot','transaction')),
            body TEXT NOT NULL,
            added_by TEXT NOT NULL,
            added_at BIGINT NOT NULL
        );
        CREATE INDEX complaint_evidence_ticket ON complaint_evidence(ticket_id, id);

        CREATE TABLE complaint_decisions (
            id \(PostgresCoreSchema.identity),
            ticket_id BIGINT NOT NULL REFERENCES complaints(ticket_id),
            body TEXT NOT NULL,
            level TEXT NOT NULL,
            decided_by TEXT NOT NULL,
            decided_at BIGINT NOT NULL
        );
        CREATE INDEX complaint_decisions_ticket ON complaint_decisions(ticket_id, id);

        CREATE TABLE complaint_escalations (
            id \(PostgresCoreSchema.identity),
            ticket_id BIGINT NOT NULL REFERENCES complaints(ticket_id),
            from_level TEXT NOT NULL,
            to_level TEXT NOT NULL,
            reason TEXT NOT NULL,
            by TEXT NOT NULL,
            at BIGINT NOT NULL
        );
        CREATE INDEX complaint_escalations_ticket ON complaint_escalations(ticket_id, id);

        -- A complaint's record is append-only, like the ticket timeline.
        CREATE TRIGGER complaint_evidence_no_update BEFORE UPDATE ON complaint_evidence
            FOR EACH ROW EXECUTE FUNCTION pd_refuse_change('complaint evidence is append-only');
        CREATE TRIGGER complaint_evidence_no_delete BEFORE DELETE ON complaint_evidence
            FOR EACH ROW EXECUTE FUNCTION pd_refuse_change('complaint evidence is append-only');
        CREATE TRIGGER complaint_decisions_no_update BEFORE UPDATE ON complaint_decisions
            FOR EACH ROW EXECUTE FUNCTION pd_refuse_change('complaint decisions are append-only');
        CREATE TRIGGER complaint_decisions_no_delete BEFORE DELETE ON complaint_decisions
            FOR EACH ROW EXECUTE FUNCTION pd_refuse_change('complaint decisions are append-only');
        CREATE TRIGGER complaint_escalations_no_update BEFORE UPDATE ON complaint_escalations
            FOR EACH ROW EXECUTE FUNCTION pd_refuse_change('complaint escalations are append-only');
        CREATE TRIGGER complaint_escalations_no_delete BEFORE DELETE ON complaint_escalations
            FOR EACH ROW EXECUTE FUNCTION pd_refuse_change('complaint escalations are append-only');

        CREATE INDEX tickets_subcategory_created ON tickets(subcategory, created_at);

        CREATE TABLE intake_messages (
            channel TEXT NOT NULL,
            source_id TEXT NOT NULL,
            ticket_id BIGINT NOT NULL REFERENCES tickets(id),
            imported_at BIGINT NOT NULL,
            PRIMARY KEY (channel, source_id)
        );
        CREATE INDEX intake_messages_ticket ON intake_messages(ticket_id);
        """

    static let v5TransactionLinks = """
        CREATE TABLE transaction_links (
            transaction_id BIGINT NOT NULL REFERENCES transactions(id),
            ticket_id BIGINT NOT NULL REFERENCES tickets(id),
            attached_by TEXT NOT NULL,
            at BIGINT NOT NULL,
            PRIMARY KEY (transaction_id, ticket_id)
        );
        CREATE INDEX transaction_links_ticket ON transaction_links(ticket_id, transaction_id);
        """

    static let v7CSAT = """
        CREATE TABLE csat_responses (
            ticket_id BIGINT PRIMARY KEY REFERENCES tickets(id),
            score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
            comment TEXT,
            agent_id BIGINT REFERENCES agents(id),
            category TEXT NOT NULL,
            recorded_by TEXT NOT NULL,
            recorded_at BIGINT NOT NULL
        );
        CREATE INDEX csat_responses_recorded ON csat_responses(recorded_at);
        CREATE INDEX ticket_events_kind_at ON ticket_events(kind, at);
        CREATE INDEX tickets_solved_at ON tickets(solved_at) WHERE solved_at IS NOT NULL;
        CREATE INDEX tickets_created_at ON tickets(created_at);
        """

    /// The detection rules' default rows are inserted by the migrator from SupportCore's
    /// `DetectionRules.defaults`, as SQLite's migration does.
    static let v8Investigation = """
        CREATE TABLE account_events (
            id \(PostgresCoreSchema.identity),
            customer_id BIGINT NOT NULL REFERENCES customers(id),
            kind TEXT NOT NULL CHECK (kind IN ('device_bound','device_unbound','reset_requested','password_changed',
                                               'two_factor_on','two_factor_off','contact_changed')),
            at BIGINT NOT NULL,
            device_id BIGINT REFERENCES devices(id),
            place TEXT,
            ip TEXT,
            actor TEXT NOT NULL DEFAULT 'customer',
            detail TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX account_events_customer_at ON account_events(customer_id, at DESC, id DESC);
        CREATE INDEX customer_sessions_customer_started ON customer_sessions(customer_id, started_at DESC, id DESC);
        CREATE INDEX verification_codes_customer_used ON verification_codes(customer_id, used_at DESC, id DESC);

        CREATE TABLE detection_rules (
            name TEXT PRIMARY KEY,
            value BIGINT NOT NULL CHECK (value >= 0),
            updated_by TEXT NOT NULL,
            updated_at BIGINT NOT NULL
        );

        CREATE TABLE planted_stories (
            customer_id BIGINT PRIMARY KEY REFERENCES customers(id),
            kind TEXT NOT NULL CHECK (kind IN ('takeover','sim_swap','new_phone','trip_abroad')),
            compromised_at BIGINT,
            fraud_references TEXT NOT NULL DEFAULT ''
        );
        """

    static let v8PerfIndexes = """
        CREATE INDEX tickets_due ON tickets(sla_due_at, id, assignee_id);
        CREATE INDEX tickets_priority_due ON tickets(priority, sla_due_at, id);
        CREATE INDEX tickets_clock_running ON tickets(created_at) WHERE solved_at IS NULL OR first_response_at IS NULL;
        CREATE INDEX tickets_first_response_at ON tickets(first_response_at) WHERE first_response_at IS NOT NULL;
        """

    static let v8MailDelivery = """
        ALTER TABLE outbox ADD COLUMN ticket_id BIGINT REFERENCES tickets(id);
        ALTER TABLE outbox ADD COLUMN event_id BIGINT REFERENCES ticket_events(id);
        ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE outbox ADD COLUMN next_attempt_at BIGINT;
        ALTER TABLE outbox ADD COLUMN claimed_until BIGINT;
        ALTER TABLE outbox ADD COLUMN last_error TEXT;
        ALTER TABLE outbox ADD COLUMN failed_at BIGINT;
        ALTER TABLE outbox ADD COLUMN message_id TEXT;
        ALTER TABLE outbox ADD COLUMN in_reply_to TEXT;
        ALTER TABLE outbox ADD COLUMN references_ids TEXT;
        ALTER TABLE outbox ADD COLUMN attachment_path TEXT;
        CREATE INDEX outbox_ticket ON outbox(ticket_id, id);
        CREATE UNIQUE INDEX outbox_message_id ON outbox(message_id) WHERE message_id IS NOT NULL;
        """

    static let v9CustomerLanguage = """
        ALTER TABLE customers ADD COLUMN language TEXT CHECK (language IN ('en', 'id', 'zh'));
        """

    /// Chat and social replies go out through their gateways; the gateway's id, receipts and
    /// a supervisor's retry are kept on the message.
    static let v10Gateways = """
        ALTER TABLE outbox DROP CONSTRAINT outbox_channel_check;
        ALTER TABLE outbox ADD CONSTRAINT outbox_channel_check CHECK (channel IN ('sms','email','chat','social'));
        ALTER TABLE outbox ADD COLUMN provider_id TEXT;
        ALTER TABLE outbox ADD COLUMN receipt_state TEXT CHECK (receipt_state IN ('delivered','failed'));
        ALTER TABLE outbox ADD COLUMN receipt_at BIGINT;
        ALTER TABLE outbox ADD COLUMN resends INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE outbox ADD COLUMN retried_at BIGINT;
        CREATE INDEX outbox_failed ON outbox(failed_at) WHERE failed_at IS NOT NULL;
        """

    static let v10UILanguage = """
        ALTER TABLE agents ADD COLUMN ui_language TEXT CHECK (ui_language IN ('en', 'id', 'zh'));
        """

    static let v11SealedCodes = """
        CREATE TABLE delivery_key (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            key_id TEXT NOT NULL,
            public_key TEXT NOT NULL,
            created_at BIGINT NOT NULL
        );
        ALTER TABLE verification_codes ADD COLUMN hash_scheme TEXT NOT NULL DEFAULT 'sha256'
            CHECK (hash_scheme IN ('sha256', 'hmac'));
        ALTER TABLE outbox ADD COLUMN sealed_body BYTEA;
        """

    /// Keyword rules for mail without a category, and the untriaged mark (see the SQLite
    /// twin for why a flag and not a NULL category). The default rules are inserted by the
    /// migrator, from the same list SQLite seeds.
    static let v12CategoryRules = """
        CREATE TABLE category_rules (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            keyword TEXT NOT NULL CHECK (length(trim(keyword)) BETWEEN 1 AND 80),
            language TEXT NOT NULL CHECK (language IN ('en', 'id', 'zh')),
            category TEXT NOT NULL,
            subcategory TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            UNIQUE (keyword, category, subcategory)
        );
        ALTER TABLE tickets ADD COLUMN untriaged INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX tickets_untriaged ON tickets(sla_due_at, id) WHERE untriaged = 1;
        """

    /// The Team and Unassigned views' sorts over the active tickets only (see the SQLite twin).
    static let v13ActiveQueueIndexes = """
        CREATE INDEX tickets_active_due ON tickets(sla_due_at, id, assignee_id) WHERE status IN ('new','open','pending','on_hold');
        CREATE INDEX tickets_active_priority ON tickets(priority, sla_due_at, id, assignee_id) WHERE status IN ('new','open','pending','on_hold');
        CREATE INDEX tickets_active_created ON tickets(created_at, id, assignee_id) WHERE status IN ('new','open','pending','on_hold');
        CREATE INDEX tickets_active_updated ON tickets(updated_at, id, assignee_id) WHERE status IN ('new','open','pending','on_hold');
        """

    /// The files uploaded with a reply, as bytea beside its outbox row (SQLite's `ReplyFileSchema`).
    static let v14OutboxFiles = """
        CREATE TABLE outbox_files (
            outbox_id BIGINT NOT NULL REFERENCES outbox(id),
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            content BYTEA NOT NULL,
            PRIMARY KEY (outbox_id, position)
        );
        """
}
