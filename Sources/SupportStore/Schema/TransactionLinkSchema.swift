import GRDB

/// Which transactions an agent attached to which tickets. The ticket's timeline tells
/// the story (a `transaction_attached` event); this table answers the reverse question
/// — which tickets mention this transaction — without searching event text.
enum TransactionLinkSchema {
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE transaction_links (
                transaction_id INTEGER NOT NULL REFERENCES transactions(id),
                ticket_id INTEGER NOT NULL REFERENCES tickets(id),
                attached_by TEXT NOT NULL,
                at INTEGER NOT NULL,
                PRIMARY KEY (transaction_id, ticket_id)
            ) WITHOUT ROWID;
            -- The other direction: a ticket's attached transactions.
            CREATE INDEX transaction_links_ticket ON transaction_links(ticket_id, transaction_id);
            """)
    }
}
