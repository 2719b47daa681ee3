import PostgresNIO

/// Identity columns continue after the highest id present: rows copied in (by `migrate`
/// or the seed's COPY) carry their own ids and leave the sequences behind.
package enum PostgresSequences {
    package static func reset(_ pool: PostgresPool) async throws {
        try await pool.withConnection { connection in
            var identities: [(String, String)] = []
            let rows = try await connection.query("""
                SELECT c.relname, a.attname FROM pg_attribute a
                JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND a.attidentity <> '' ORDER BY c.relname
                """, logger: pool.logger)
            for try await pair in rows.decode((String, String).self) { identities.append(pair) }
            for (table, column) in identities {
                let t = SQLiteImport.identifier(table), c = SQLiteImport.identifier(column)
                try await connection.query(PostgresQuery(unsafeSQL: """
                    SELECT setval(pg_get_serial_sequence('\(t)', '\(column)'), COALESCE((SELECT max(\(c)) FROM \(t)), 0) + 1, false)
                    """), logger: pool.logger)
            }
        }
    }
}
