import GRDB

/// Migration "v4-complaints": complaint records on complaint tickets, and the intake
/// ledger that makes channel imports idempotent.
enum ComplaintSchema {
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            -- One complaint record per complaint ticket. The deadline is fixed when the
            -- record is opened (working days counted on the calendar of that moment), so the
            -- due time a customer was told never moves under them.
            CREATE TABLE complaints (
                ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
                statement TEXT NOT NULL,
                expected_outcome TEXT NOT NULL,
                level TEXT NOT NULL DEFAULT 'agent'
                    CHECK (level IN ('agent','supervisor','management','regulator')),
                received_at INTEGER NOT NULL,
                opened_by TEXT NOT NULL,
                opened_at INTEGER NOT NULL,
                working_days INTEGER NOT NULL CHECK (working_days > 0),
                due_at INTEGER NOT NULL,
                outcome TEXT,
                accepted INTEGER,
                closed_by TEXT,
                closed_at INTEGER
            );
            -- "Near the deadline" walks open complaints by due time.
            CREATE INDEX complaints_open_due ON complaints(due_at) WHERE closed_at IS NULL;

            CREATE TABLE complaint_evidence (
                id INTEGER PRIMARY KEY,
                ticket_id INTEGER NOT NULL REFERENCES complaints(ticket_id),
                kind TEXT NOT NULL CHECK (kind IN ('chat_excerpt','statement','screenshot','transaction')),
                body TEXT NOT NULL,
                added_by TEXT NOT NULL,
                added_at INTEGER NOT NULL
            );
            CREATE INDEX complaint_evidence_ticket ON complaint_evidence(ticket_id, id);

            CREATE TABLE complaint_decisions (
                id INTEGER PRIMARY KEY,
                ticket_id INTEGER NOT NULL REFERENCES complaints(ticket_id),
                body TEXT NOT NULL,
                level TEXT NOT NULL,
                decided_by TEXT NOT NULL,
                decided_at INTEGER NOT NULL
            );
            CREATE INDEX complaint_decisions_ticket ON complaint_decisions(ticket_id, id);

            CREATE TABLE complaint_escalations (
                id INTEGER PRIMARY KEY,
                ticket_id INTEGER NOT NULL REFERENCES complaints(ticket_id),
                from_level TEXT NOT NULL,
                to_level TEXT NOT NULL,
                reason TEXT NOT NULL,
                by TEXT NOT NULL,
                at INTEGER NOT NULL
            );
            CREATE INDEX complaint_escalations_ticket ON complaint_escalations(ticket_id, id);

            -- What the customer brought and what we decided is a record: like the ticket
            -- timeline, the database itself refuses edits and deletes.
            CREATE TRIGGER complaint_evidence_no_update BEFORE UPDATE ON complaint_evidence
                BEGIN SELECT RAISE(ABORT, 'complaint evidence is append-only'); END;
            CREATE TRIGGER complaint_evidence_no_delete BEFORE DELETE ON complaint_evidence
                BEGIN SELECT RAISE(ABORT, 'complaint evidence is append-only'); END;
            CREATE TRIGGER complaint_decisions_no_update BEFORE UPDATE ON complaint_decisions
                BEGIN SELECT RAISE(ABORT, 'complaint decisions are append-only'); END;
            CREATE TRIGGER complaint_decisions_no_delete BEFORE DELETE ON complaint_decisions
                BEGIN SELECT RAISE(ABORT, 'complaint decisions are append-only'); END;
            CREATE TRIGGER complaint_escalations_no_update BEFORE UPDATE ON complaint_escalations
                BEGIN SELECT RAISE(ABORT, 'complaint escalations are append-only'); END;
            CREATE TRIGGER complaint_escalations_no_delete BEFORE DELETE ON complaint_escalations
                BEGIN SELECT RAISE(ABORT, 'complaint escalations are append-only'); END;

            -- Suggestions are product feedback: intake tags the ones it opens, the demo tags
            -- its own, and this tags any opened before the migration. (A trigger on tickets
            -- would collide with code that inserts the tag itself without OR IGNORE.)
            INSERT OR IGNORE INTO ticket_tags (ticket_id, tag)
                SELECT id, 'product-feedback' FROM tickets WHERE subcategory = 'suggestion';
            CREATE INDEX tickets_subcategory_created ON tickets(subcategory, created_at);

            -- One row per imported contact, written in the same transaction as its message:
            -- the key makes a second import of the same file a no-op.
            CREATE TABLE intake_messages (
                channel TEXT NOT NULL,
                source_id TEXT NOT NULL,
                ticket_id INTEGER NOT NULL REFERENCES tickets(id),
                imported_at INTEGER NOT NULL,
                PRIMARY KEY (channel, source_id)
            ) WITHOUT ROWID;
            CREATE INDEX intake_messages_ticket ON intake_messages(ticket_id);
            """)
    }
}
