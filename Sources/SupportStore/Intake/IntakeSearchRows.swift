import Foundation

/// The search-index rows of intake's contacts, written after the transaction's last
/// savepoint instead of as each message is recorded. The search index is an FTS5 table,
/// and SQLite's FTS5 writes its pending rows out as a new segment whenever a savepoint
/// opens: with each contact in a savepoint of its own, every contact wrote a one-row
/// segment, and FTS5 then merged those segments again and again. Measured with SQLite
/// 3.40 (a trigram table, a hundred 170-byte rows a transaction): 0.16 ms of CPU a row
/// inside savepoints, 0.04 ms written together after them. A refused contact's rows go
/// with its savepoint (`adopt` only takes an imported contact's), and the rows commit in
/// the same transaction as their messages, so a search never finds a message that is not
/// there nor misses one that is.
final class IntakeSearchRows {
    private(set) var rows: [(body: String, ticketId: Int64)] = []

    func add(_ body: String, ticketId: Int64) { rows.append((body, ticketId)) }

    /// An imported contact's rows join the transaction's.
    func adopt(_ contact: IntakeSearchRows) { rows += contact.rows }

    /// Writes every row gathered, in the order the messages were recorded.
    func write(_ db: any SQLSession) throws {
        for row in rows {
            try db.run("INSERT INTO ticket_search (body, ticket_id) VALUES (?, ?)", [row.body, row.ticketId])
        }
        rows.removeAll()
    }
}
