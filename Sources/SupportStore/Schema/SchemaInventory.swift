import GRDB

/// What a store's schema holds, by name: each table's columns and the named indexes.
/// The SQLite and PostgreSQL stores each describe themselves this way so that a test can
/// hold the two schemas in step.
public struct SchemaInventory: Sendable, Equatable {
    /// Table name → column names in declaration order.
    public var tables: [String: [String]]
    /// Indexes created by name (not the ones a PRIMARY KEY or UNIQUE makes by itself).
    public var indexes: Set<String>

    public init(tables: [String: [String]], indexes: Set<String>) {
        self.tables = tables
        self.indexes = indexes
    }
}

extension SupportStore {
    /// This database's tables (including SQLite's own bookkeeping and FTS5's shadow
    /// tables; the caller decides what to ignore) and named indexes.
    public func schemaInventory() throws -> SchemaInventory {
        try read { db in
            var tables: [String: [String]] = [:]
            let names = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            for name in names {
                tables[name] = try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?) ORDER BY cid", arguments: [name])
                    .map { $0["name"] }
            }
            // Automatic indexes (sqlite_autoindex_…) have no SQL of their own.
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            return SchemaInventory(tables: tables, indexes: Set(indexes))
        }
    }
}
