import PostgresNIO

// Full-text over subjects and messages: `ticket_search` holds both (as SQLite's FTS5
// table does), and its pg_trgm GIN index answers ILIKE substrings from the index in any
// script — Chinese, which has no spaces between words, included.
extension PostgresStore {
    /// Tickets (ids) whose subject or a message contains `text`, case-insensitively.
    public func searchTickets(containing text: String, limit: Int = 200) async throws -> [Int64] {
        let pattern = "%" + Self.likeEscaped(text) + "%"
        return try await pool.withConnection { connection in
            let rows = try await connection.query("""
                SELECT DISTINCT ticket_id FROM ticket_search WHERE body ILIKE \(pattern) ORDER BY ticket_id LIMIT \(Int64(limit))
                """, logger: pool.logger)
            var ids: [Int64] = []
            for try await id in rows.decode(Int64.self) { ids.append(id) }
            return ids
        }
    }

    /// `%`, `_` and the escape character itself match only themselves.
    static func likeEscaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
