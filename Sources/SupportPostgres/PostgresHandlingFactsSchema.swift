/// `v15-handling-facts` on PostgreSQL: each ticket's first public reply and its solver, kept
/// on the ticket by a trigger in the transaction that appends the event. The definitions,
/// and why, are SQLite's (`HandlingFactsSchema` in SupportStore); the columns and index
/// carry the same names on both stores.
public enum PostgresHandlingFactsSchema {
    static let v15HandlingFacts = """
        ALTER TABLE tickets ADD COLUMN first_reply_at BIGINT;
        ALTER TABLE tickets ADD COLUMN first_reply_by TEXT;
        ALTER TABLE tickets ADD COLUMN solved_by TEXT;
        -- The first reply appended is the one with the lowest id (events are append-only);
        -- the solver is the latest agent to move the ticket to solved (a system move leaves it).
        CREATE FUNCTION pd_ticket_event_facts() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.kind = 'reply' THEN
                UPDATE tickets SET first_reply_at = NEW.at, first_reply_by = NEW.author
                WHERE id = NEW.ticket_id AND first_reply_at IS NULL;
            ELSIF NEW.kind = 'status_change' AND NEW.body LIKE '%→ solved'
                  AND EXISTS (SELECT 1 FROM agents WHERE login = NEW.author) THEN
                UPDATE tickets SET solved_by = NEW.author WHERE id = NEW.ticket_id;
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER ticket_events_facts AFTER INSERT ON ticket_events
            FOR EACH ROW EXECUTE FUNCTION pd_ticket_event_facts();
        \(backfill);
        CREATE INDEX tickets_first_reply_at ON tickets(first_reply_at) WHERE first_reply_at IS NOT NULL;
        """

    /// The three columns worked out from the timeline in one pass over the reply and status
    /// events, each ticket's row written once and only when it differs. Run by the migration
    /// and after a seed (which loads with triggers set aside).
    public static let backfill = """
        UPDATE tickets t SET first_reply_at = f.first_at, first_reply_by = f.first_by, solved_by = f.solver
        FROM (SELECT e.ticket_id,
                     (array_agg(e.at ORDER BY e.id) FILTER (WHERE e.kind = 'reply'))[1] AS first_at,
                     (array_agg(e.author ORDER BY e.id) FILTER (WHERE e.kind = 'reply'))[1] AS first_by,
                     (array_agg(e.author ORDER BY e.id DESC)
                        FILTER (WHERE e.kind = 'status_change' AND e.body LIKE '%→ solved' AND a.login IS NOT NULL))[1] AS solver
              FROM ticket_events e LEFT JOIN agents a ON a.login = e.author
              WHERE e.kind IN ('reply', 'status_change')
              GROUP BY e.ticket_id) f
        WHERE f.ticket_id = t.id
          AND (t.first_reply_at, t.first_reply_by, t.solved_by) IS DISTINCT FROM (f.first_at, f.first_by, f.solver)
        """

    /// `v15-open-work-index`: the supervisor screen's open tickets read from one partial
    /// index, without visiting the table (SQLite's `OpenWorkSchema` says why).
    static let v15OpenWorkIndex = """
        CREATE INDEX tickets_open_work
        ON tickets(assignee_id, status, category, priority, created_at, sla_due_at, number, id)
        WHERE status IN ('new','open','pending','on_hold');
        ANALYZE tickets;
        """
}
