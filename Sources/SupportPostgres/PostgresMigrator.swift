import Foundation
import Logging
import PostgresNIO
import SupportCore

/// Brings a PostgreSQL database to the current schema. Migrations carry SQLite's names
/// (so one name means one change on both stores) and are recorded in `pd_migrations`;
/// each runs once, in order, in one transaction with the others, under an advisory lock
/// so that two service instances starting together do not both migrate.
public enum PostgresMigrator {
    /// The chain head: PostgreSQL-only. Appends lock this one row (`SELECT … FOR UPDATE`)
    /// in their transaction, so writers on any instance take turns at the end of the chain;
    /// locking the newest audit row instead would let two writers both see it as the head.
    static let auditHead = """
        CREATE TABLE pd_audit_head (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            last_id BIGINT NOT NULL,
            last_hash TEXT NOT NULL
        );
        INSERT INTO pd_audit_head (id, last_id, last_hash) VALUES (1, 0, '\(String(repeating: "0", count: 64))');
        """

    /// How far `paydesk migrate` has copied each table: written in the same transaction
    /// as each batch, so a run cut short resumes after the last committed row and never
    /// copies a row twice. `source_key` names the SQLite database being copied (its audit
    /// key's id), so a run from another file cannot resume this one's copy. PostgreSQL-only.
    static let importProgress = """
        CREATE TABLE pd_import_progress (
            table_name TEXT PRIMARY KEY,
            source_key TEXT NOT NULL,
            last_key TEXT NOT NULL,
            copied BIGINT NOT NULL,
            done BOOLEAN NOT NULL DEFAULT false
        );
        """

    static let migrations: [(name: String, script: String)] = [
        ("v1", PostgresCoreSchema.v1),
        ("v2-ticketing", PostgresCoreSchema.v2Ticketing),
        ("v3-security", PostgresSecuritySchema.v3Security),
        ("v4-complaints", PostgresLaterSchema.v4Complaints),
        ("v5-transaction-links", PostgresLaterSchema.v5TransactionLinks),
        ("v6-performance", PostgresPerformanceSchema.v6Performance),
        ("v7-csat", PostgresLaterSchema.v7CSAT),
        ("v8-investigation-timeline", PostgresLaterSchema.v8Investigation),
        ("v8-perf-indexes", PostgresLaterSchema.v8PerfIndexes),
        ("v8-security-audit-key", PostgresSecuritySchema.v8AuditKey),
        ("v8-mail-delivery", PostgresLaterSchema.v8MailDelivery),
        ("v9-day-customer-language", PostgresLaterSchema.v9CustomerLanguage),
        ("v10-gateways", PostgresLaterSchema.v10Gateways),
        ("v10-day-ui-language", PostgresLaterSchema.v10UILanguage),
        ("v11-sealed-codes", PostgresLaterSchema.v11SealedCodes),
        ("v12-category-rules", PostgresLaterSchema.v12CategoryRules),
        ("v13-active-queue-indexes", PostgresLaterSchema.v13ActiveQueueIndexes),
        ("v14-queue-statistics", PostgresPerformanceSchema.v14QueueStatistics),
        ("v14-outbox-files", PostgresLaterSchema.v14OutboxFiles),
        ("v15-handling-facts", PostgresHandlingFactsSchema.v15HandlingFacts),
        ("v15-open-work-index", PostgresHandlingFactsSchema.v15OpenWorkIndex),
        ("pd-audit-head", auditHead),
        ("pd-import-progress", importProgress),
        ("v16-flagged-transactions", PostgresPerformanceSchema.v16FlaggedTransactions),
        ("v17-covering-facts", PostgresPerformanceSchema.v17CoveringFacts),
        ("v18-status-count-deltas", PostgresPerformanceSchema.v18StatusCountDeltas),
        ("v19-covering-active-queue", PostgresPerformanceSchema.v19CoveringActiveQueue),
    ]

    /// An arbitrary constant naming paydesk's migration lock among advisory locks.
    static let lockKey: Int64 = 0x7061_7964_6573_6b01

    /// Applies what is missing and returns the names it applied (empty: already current).
    @discardableResult
    public static func migrate(_ pool: PostgresPool) async throws -> [String] {
        try await pool.checkReachable()
        return try await pool.withTransaction { connection in
            let logger = pool.logger
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            try await connection.query("CREATE TABLE IF NOT EXISTS pd_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())", logger: logger)
            var applied = Set<String>()
            for try await name in try await connection.query("SELECT name FROM pd_migrations", logger: logger).decode(String.self) {
                applied.insert(name)
            }
            let known = Set(migrations.map(\.name))
            if let newer = applied.subtracting(known).sorted().first {
                throw PostgresStoreError("This PostgreSQL database was migrated by a newer paydesk (it has '\(newer)'); use that version. Nothing was changed.")
            }
            var done: [String] = []
            for migration in migrations where !applied.contains(migration.name) {
                let started = Date()
                try await connection.run(script: migration.script, logger: logger)
                // A migration that rewrites data (a backfill) can take a while on a large database: say how long.
                let seconds = Date().timeIntervalSince(started)
                if seconds >= 1 {
                    FileHandle.standardError.write(Data("Migration \(migration.name) took \(String(format: "%.1f", seconds)) s.\n".utf8))
                }
                if migration.name == "v8-investigation-timeline" {
                    try await insertDefaultRules(connection, logger: logger)
                }
                if migration.name == "v12-category-rules" {
                    try await insertDefaultCategoryRules(connection, logger: logger)
                }
                try await connection.query("INSERT INTO pd_migrations (name) VALUES (\(migration.name))", logger: logger)
                done.append(migration.name)
            }
            return done
        }
    }

    private static func insertDefaultRules(_ connection: PostgresConnection, logger: Logger) async throws {
        for row in DetectionRules.defaults.rows {
            try await connection.query("""
                INSERT INTO detection_rules (name, value, updated_by, updated_at) VALUES (\(row.name), \(Int64(row.value)), 'default', 0)
                """, logger: logger)
        }
    }

    private static func insertDefaultCategoryRules(_ connection: PostgresConnection, logger: Logger) async throws {
        for rule in CategoryRules.defaults {
            try await connection.query("""
                INSERT INTO category_rules (keyword, language, category, subcategory, created_by, created_at)
                VALUES (\(rule.keyword), \(rule.language.rawValue), \(rule.category.rawValue), \(rule.subcategory), 'default', 0)
                """, logger: logger)
        }
    }
}
