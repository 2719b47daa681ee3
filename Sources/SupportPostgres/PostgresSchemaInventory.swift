import PostgresNIO
import SupportStore

extension PostgresMigrator {
    /// The public schema's tables, their columns in order, and the indexes created by name
    /// (those backing a PRIMARY KEY or UNIQUE constraint are left out, as SQLite's
    /// automatic indexes are).
    public static func inventory(_ pool: PostgresPool) async throws -> SchemaInventory {
        try await pool.withConnection { connection in
            var tables: [String: [String]] = [:]
            let columns = try await connection.query("""
                SELECT c.relname, a.attname FROM pg_attribute a
                JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY c.relname, a.attnum
                """, logger: pool.logger)
            for try await (table, column) in columns.decode((String, String).self) {
                tables[table, default: []].append(column)
            }
            var indexes = Set<String>()
            let named = try await connection.query("""
                SELECT i.relname FROM pg_index x
                JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
                WHERE n.nspname = 'public'
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
                """, logger: pool.logger)
            for try await name in named.decode(String.self) { indexes.insert(name) }
            return SchemaInventory(tables: tables, indexes: indexes)
        }
    }
}
