import GRDB

/// Customer-satisfaction answers (one per ticket) and an index the reports read the
/// timeline through.
enum CSATSchema {
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            -- The ticket id is the key: a ticket is rated once, and the database says so too.
            CREATE TABLE csat_responses (
                ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
                score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
                comment TEXT,
                agent_id INTEGER REFERENCES agents(id),   -- the ticket's owner when it was rated
                category TEXT NOT NULL,                    -- the ticket's category when it was rated
                recorded_by TEXT NOT NULL,
                recorded_at INTEGER NOT NULL
            );
            CREATE INDEX csat_responses_recorded ON csat_responses(recorded_at);

            -- First replies and solves in a period are found by kind and time, not by
            -- walking every ticket's timeline.
            CREATE INDEX ticket_events_kind_at ON ticket_events(kind, at);
            CREATE INDEX tickets_solved_at ON tickets(solved_at) WHERE solved_at IS NOT NULL;
            CREATE INDEX tickets_created_at ON tickets(created_at);
            """)
    }
}
