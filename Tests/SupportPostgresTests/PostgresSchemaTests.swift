import Foundation
import TestSupport
import SupportPostgres
import SupportStore
import Testing

/// PostgreSQL's schema is held in step with SQLite's: the same tables, columns and
/// index names, apart from the listed differences that only one engine has.
@Suite struct PostgresSchemaTests {
    /// Only in SQLite: GRDB's own migration record (PostgreSQL keeps `pd_migrations`),
    /// and FTS5's shadow tables behind `ticket_search`.
    static let sqliteOnlyTables: Set<String> = [
        "grdb_migrations",
        "ticket_search_data", "ticket_search_idx", "ticket_search_content", "ticket_search_docsize", "ticket_search_config",
    ]
    /// Only in PostgreSQL: the migration record, and the audit chain's head row that
    /// appends lock (`SELECT … FOR UPDATE`) so that writers on several instances take turns,
    /// and how far `paydesk migrate` has copied each table.
    static let postgresOnlyTables: Set<String> = ["pd_migrations", "pd_audit_head", "pd_import_progress"]
    /// Only in PostgreSQL: `ticket_search` is a plain table here, so its trigram index and
    /// its ticket index are ordinary indexes (FTS5 keeps both inside its shadow tables).
    static let postgresOnlyIndexes: Set<String> = ["ticket_search_body_trgm", "ticket_search_ticket"]

    @Test func postgresSchemaMatchesSQLiteByName() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pd-schema-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sqlite = try SupportStore(path: dir.appendingPathComponent("s.sqlite").path).schemaInventory()

        let pool = PostgresPool(try await PostgresCluster.freshDatabase())
        let applied = try await PostgresMigrator.migrate(pool)
        #expect(applied.first == "v1" && applied.count > 10)
        let postgres = try await PostgresMigrator.inventory(pool)

        let sqliteTables = Set(sqlite.tables.keys).subtracting(Self.sqliteOnlyTables)
        let postgresTables = Set(postgres.tables.keys).subtracting(Self.postgresOnlyTables)
        #expect(sqliteTables.subtracting(postgresTables).sorted() == [], "tables missing in PostgreSQL")
        #expect(postgresTables.subtracting(sqliteTables).sorted() == [], "tables only in PostgreSQL")
        for table in sqliteTables.intersection(postgresTables).sorted() {
            #expect(Set(sqlite.tables[table]!) == Set(postgres.tables[table]!), "columns of \(table)")
        }
        #expect(sqlite.indexes.subtracting(postgres.indexes).sorted() == [], "indexes missing in PostgreSQL")
        #expect(postgres.indexes.subtracting(sqlite.indexes).subtracting(Self.postgresOnlyIndexes).sorted() == [],
                "indexes only in PostgreSQL")
        // The listed exceptions are real: a stale entry would hide nothing but mislead.
        #expect(Self.sqliteOnlyTables.isSubset(of: Set(sqlite.tables.keys)))
        #expect(Self.postgresOnlyTables.isSubset(of: Set(postgres.tables.keys)))
        #expect(Self.postgresOnlyIndexes.isSubset(of: postgres.indexes))
        await pool.close()
    }

    @Test func migratingTwiceChangesNothing() async throws {
        let pool = PostgresPool(try await PostgresCluster.freshDatabase())
        let first = try await PostgresMigrator.migrate(pool)
        let before = try await PostgresMigrator.inventory(pool)
        let second = try await PostgresMigrator.migrate(pool)
        let after = try await PostgresMigrator.inventory(pool)
        await pool.close()
        #expect(!first.isEmpty)
        #expect(second == [])
        #expect(before == after)
    }

    @Test func twoInstancesMigratingAtOnceBothSucceed() async throws {
        let location = try await PostgresCluster.freshDatabase()
        let a = PostgresPool(location), b = PostgresPool(location)
        async let ranA = PostgresMigrator.migrate(a)
        async let ranB = PostgresMigrator.migrate(b)
        let (appliedA, appliedB) = try await (ranA, ranB)
        await a.close(); await b.close()
        // One of them did the work under the lock; the other found it done.
        #expect(Set([appliedA.isEmpty, appliedB.isEmpty]) == [true, false])
    }
}
