import GRDB

/// The whole schema, as named migrations that only ever append.
/// Times are INTEGER seconds since the Unix epoch (UTC); money is INTEGER minor units.
package enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in try createCore(db) }
        migrator.registerMigration("v2-ticketing") { db in try createTicketing(db) }
        migrator.registerMigration("v3-security") { db in try createSecurity(db) }
        migrator.registerMigration("v4-complaints") { db in try ComplaintSchema.create(db) }
        migrator.registerMigration("v5-transaction-links") { db in try TransactionLinkSchema.create(db) }
        migrator.registerMigration("v6-performance") { db in try PerformanceSchema.create(db) }
        migrator.registerMigration("v7-csat") { db in try CSATSchema.create(db) }
        migrator.registerMigration("v8-investigation-timeline") { db in try InvestigationSchema.create(db) }
        migrator.registerMigration("v8-perf-indexes") { db in try PerfIndexSchema.create(db) }
        migrator.registerMigration(SecurityAuditSchema.migration) { db in try SecurityAuditSchema.create(db) }
        migrator.registerMigration("v8-mail-delivery") { db in try MailSchema.create(db) }
        migrator.registerMigration("v9-day-customer-language") { db in try CustomerLanguageSchema.create(db) }
        migrator.registerMigration("v10-gateways") { db in try GatewaySchema.create(db) }
        migrator.registerMigration("v10-day-ui-language") { db in try AgentLanguageSchema.create(db) }
        migrator.registerMigration(SealedCodeSchema.migration) { db in try SealedCodeSchema.create(db) }
        migrator.registerMigration(CategoryRuleSchema.migration) { db in try CategoryRuleSchema.create(db) }
        migrator.registerMigration(ActiveQueueSchema.migration) { db in try ActiveQueueSchema.create(db) }
        migrator.registerMigration(ReplyFileSchema.migration) { db in try ReplyFileSchema.create(db) }
        migrator.registerMigration(HandlingFactsSchema.migration) { db in try HandlingFactsSchema.create(db) }
        migrator.registerMigration(OpenWorkSchema.migration) { db in try OpenWorkSchema.create(db) }
        migrator.registerMigration(FlaggedTransactionsSchema.migration) { db in try FlaggedTransactionsSchema.create(db) }
        migrator.registerMigration(CoveringFactsSchema.migration) { db in try CoveringFactsSchema.create(db) }
        migrator.registerMigration(CoveringQueueSchema.migration) { db in try CoveringQueueSchema.create(db) }
        return migrator
    }

    /// A far-future time used where a ticket has no running SLA clock, so that
    /// `sla_due_at` stays NOT NULL and its index sorts those tickets last.
    package static let noDeadline: Int64 = 253_402_300_799

    private static func createCore(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

            CREATE TABLE agents (
                id INTEGER PRIMARY KEY,
                login TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('agent','supervisor','admin')),
                active INTEGER NOT NULL DEFAULT 1,
                created_at INTEGER NOT NULL
            );

            CREATE TABLE customers (
                id INTEGER PRIMARY KEY,
                wallet_id TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                phone TEXT NOT NULL,
                email TEXT NOT NULL,
                kyc_level INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('active','frozen','closed')),
                status_reason TEXT,
                status_changed_by TEXT,
                status_changed_at INTEGER,
                two_factor INTEGER NOT NULL DEFAULT 0,
                balance INTEGER NOT NULL,
                currency TEXT NOT NULL DEFAULT 'IDR',
                daily_limit INTEGER NOT NULL,
                created_at INTEGER NOT NULL
            );
            CREATE INDEX customers_phone ON customers(phone);
            CREATE INDEX customers_email ON customers(email);

            CREATE TABLE devices (
                id INTEGER PRIMARY KEY,
                customer_id INTEGER NOT NULL REFERENCES customers(id),
                model TEXT NOT NULL,
                platform TEXT NOT NULL,
                app_version TEXT NOT NULL,
                bound INTEGER NOT NULL,
                last_seen_at INTEGER NOT NULL
            );
            CREATE INDEX devices_customer ON devices(customer_id);

            CREATE TABLE login_events (
                id INTEGER PRIMARY KEY,
                customer_id INTEGER NOT NULL REFERENCES customers(id),
                device_id INTEGER REFERENCES devices(id),
                at INTEGER NOT NULL,
                place TEXT NOT NULL,
                ip TEXT NOT NULL,
                success INTEGER NOT NULL
            );
            CREATE INDEX login_events_customer_at ON login_events(customer_id, at DESC);

            CREATE TABLE transactions (
                id INTEGER PRIMARY KEY,
                reference TEXT NOT NULL UNIQUE,
                customer_id INTEGER NOT NULL REFERENCES customers(id),
                type TEXT NOT NULL,
                status TEXT NOT NULL,
                amount INTEGER NOT NULL CHECK (amount >= 0),
                currency TEXT NOT NULL DEFAULT 'IDR',
                counterparty TEXT NOT NULL,
                channel TEXT NOT NULL,
                failure_code TEXT,
                at INTEGER NOT NULL,
                flagged INTEGER NOT NULL DEFAULT 0
            );
            -- Every customer filter starts from this index; keyset paging walks it backwards.
            CREATE INDEX transactions_customer_at ON transactions(customer_id, at DESC, id DESC);

            CREATE TABLE tickets (
                id INTEGER PRIMARY KEY,
                number INTEGER NOT NULL UNIQUE,
                customer_id INTEGER NOT NULL REFERENCES customers(id),
                subject TEXT NOT NULL,
                category TEXT NOT NULL,
                subcategory TEXT NOT NULL,
                channel TEXT NOT NULL,
                priority TEXT NOT NULL CHECK (priority IN ('p1','p2','p3','p4')),
                status TEXT NOT NULL CHECK (status IN ('new','open','pending','on_hold','solved','closed')),
                assignee_id INTEGER REFERENCES agents(id),
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                updated_by TEXT,
                first_response_at INTEGER,
                solved_at INTEGER,
                merged_into INTEGER,
                sla_due_at INTEGER NOT NULL,    -- nearest running SLA clock, for sorting
                sla_warn_at INTEGER NOT NULL,   -- when that clock turns to warning
                version INTEGER NOT NULL DEFAULT 1
            );
            CREATE INDEX tickets_status_due ON tickets(status, sla_due_at, id);
            CREATE INDEX tickets_assignee_status_due ON tickets(assignee_id, status, sla_due_at, id);
            CREATE INDEX tickets_customer ON tickets(customer_id, created_at DESC);
            CREATE INDEX tickets_updated ON tickets(updated_at DESC, id DESC);

            CREATE TABLE ticket_events (
                id INTEGER PRIMARY KEY,
                ticket_id INTEGER NOT NULL REFERENCES tickets(id),
                kind TEXT NOT NULL,
                author TEXT NOT NULL,
                body TEXT NOT NULL,
                at INTEGER NOT NULL
            );
            CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);
            -- The timeline is append-only: the database itself refuses edits and deletes.
            CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events
                BEGIN SELECT RAISE(ABORT, 'ticket events are append-only'); END;
            CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events
                BEGIN SELECT RAISE(ABORT, 'ticket events are append-only'); END;

            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                at INTEGER NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                before TEXT,
                after TEXT,
                reason TEXT,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            """)
    }

    private static func createTicketing(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE ticket_tags (
                ticket_id INTEGER NOT NULL REFERENCES tickets(id),
                tag TEXT NOT NULL,
                PRIMARY KEY (ticket_id, tag)
            ) WITHOUT ROWID;
            CREATE INDEX ticket_tags_tag ON ticket_tags(tag, ticket_id);

            CREATE TABLE ticket_links (
                from_ticket INTEGER NOT NULL REFERENCES tickets(id),
                to_ticket INTEGER NOT NULL REFERENCES tickets(id),
                kind TEXT NOT NULL CHECK (kind IN ('relates_to','duplicate_of')),
                created_by TEXT NOT NULL,
                at INTEGER NOT NULL,
                PRIMARY KEY (from_ticket, to_ticket, kind)
            ) WITHOUT ROWID;

            -- Time spent waiting on the customer; SLA clocks pause over these spans.
            CREATE TABLE ticket_pauses (
                ticket_id INTEGER NOT NULL REFERENCES tickets(id),
                started_at INTEGER NOT NULL,
                ended_at INTEGER
            );
            CREATE INDEX ticket_pauses_ticket ON ticket_pauses(ticket_id);

            CREATE TABLE sla_policies (
                id INTEGER PRIMARY KEY,
                priority TEXT NOT NULL,
                category TEXT,
                first_response_minutes INTEGER NOT NULL,
                resolution_minutes INTEGER NOT NULL,
                warning_share REAL NOT NULL DEFAULT 0.75,
                business_hours INTEGER NOT NULL DEFAULT 1,
                UNIQUE (priority, category)
            );

            CREATE TABLE holidays (day TEXT PRIMARY KEY, name TEXT NOT NULL);

            CREATE TABLE playbook_runs (
                ticket_id INTEGER NOT NULL REFERENCES tickets(id),
                playbook TEXT NOT NULL,
                step TEXT NOT NULL,
                outcome TEXT NOT NULL CHECK (outcome IN ('done','skipped')),
                note TEXT,
                by TEXT NOT NULL,
                at INTEGER NOT NULL,
                PRIMARY KEY (ticket_id, playbook, step)
            ) WITHOUT ROWID;

            CREATE TABLE drafts (
                ticket_id INTEGER NOT NULL REFERENCES tickets(id),
                agent_id INTEGER NOT NULL REFERENCES agents(id),
                kind TEXT NOT NULL,
                body TEXT NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (ticket_id, agent_id)
            ) WITHOUT ROWID;

            CREATE TABLE presence (
                agent_id INTEGER PRIMARY KEY REFERENCES agents(id),
                ticket_id INTEGER,
                state TEXT NOT NULL,
                updated_at INTEGER NOT NULL
            );

            -- Full-text search over subjects and every message; trigram so that
            -- Chinese text, which has no spaces, is searchable too.
            CREATE VIRTUAL TABLE ticket_search USING fts5(
                body, ticket_id UNINDEXED, tokenize = 'trigram'
            );
            """)
    }
}
