import Foundation
import Logging
import PostgresNIO
import SupportStore

/// `paydesk migrate`: copies a SQLite database into PostgreSQL, table by table in
/// foreign-key order, in batches sent with COPY. Each batch commits together with the
/// table's progress row (`pd_import_progress`), so a run that dies — killed, a lost
/// connection — leaves whole batches only, and the next run resumes after the last one:
/// no row is copied twice, none is missed. A table already copied is read past its last
/// key again, which picks up rows added since (stop the service before migrating: rows
/// changed in place after they were copied are not looked for).
public struct SQLiteImport: Sendable {
    public struct Progress: Sendable, Equatable {
        public var table: String
        public var tableIndex: Int
        public var tableCount: Int
        public var copied: Int64
        public var total: Int64
    }

    /// Tables PostgreSQL's own triggers fill as the rows they total arrive; they are not
    /// copied but compared by content afterwards.
    public static let derivedTables: Set<String> = ["transaction_totals", "ticket_status_counts"]

    /// Tables the migrations fill with defaults (detection and category rules): the source's rows
    /// replace them, in the transaction that starts the table's copy.
    static let seededTables: Set<String> = ["detection_rules", "category_rules"]

    let source: SupportStore
    let target: PostgresPool
    let batchSize: Int
    /// Names the source database in the progress rows: its audit key's id.
    let sourceKey: String

    public init(source: SupportStore, target: PostgresPool, batchSize: Int = 5_000) throws {
        self.source = source
        self.target = target
        self.batchSize = max(batchSize, 1)
        sourceKey = try source.auditChainHasher().keyId
    }

    /// Copies everything not yet copied, resets the id sequences and the audit chain's
    /// head, then verifies. `progress` is called after every batch; an error it throws
    /// stops the copy there (what was committed stays, and a later run resumes).
    public func run(progress: (Progress) throws -> Void = { _ in }) async throws -> ImportReport {
        // The source's own chain, held against its signed checkpoints: a log cut short in
        // the SQLite file would otherwise arrive looking whole.
        let sourceAudit = try source.auditReport().verification
        try await PostgresMigrator.migrate(target)
        try await refuseAnotherSourcesCopy()
        let tables = try source.dumpTables()
        try await checkColumns(tables)
        let copied = tables.filter { !Self.derivedTables.contains($0.name) }
        var copiedNow: Int64 = 0
        for (index, table) in copied.enumerated() {
            copiedNow += try await copy(table, index: index, of: copied.count, progress: progress)
        }
        try await PostgresSequences.reset(target)
        try await resetAuditHead()
        var report = try await ImportVerifier(source: source, target: target).verify(tables)
        report.rowsCopiedNow = copiedNow
        report.sourceAudit = sourceAudit
        return report
    }

    private func checkColumns(_ tables: [DumpTable]) async throws {
        let inventory = try await PostgresMigrator.inventory(target)
        for table in tables {
            guard let columns = inventory.tables[table.name] else {
                throw PostgresStoreError("PostgreSQL has no table \(table.name); is the SQLite file from a newer paydesk?")
            }
            if let missing = table.columns.first(where: { !columns.contains($0) }) {
                throw PostgresStoreError("PostgreSQL's \(table.name) has no column \(missing); is the SQLite file from a newer paydesk?")
            }
        }
    }

    /// Copies one table from where the last run stopped; returns the rows it copied.
    private func copy(_ table: DumpTable, index: Int, of count: Int,
                      progress: (Progress) throws -> Void) async throws -> Int64 {
        let total = try source.rowCount(table.name)
        var (lastKey, copied) = try await resumePoint(table)
        var copiedNow: Int64 = 0
        try progress(Progress(table: table.name, tableIndex: index, tableCount: count, copied: copied, total: total))
        while true {
            let batch = try source.dumpRows(table, after: lastKey, limit: batchSize)
            guard let newLast = batch.keys.last else { break }
            let keyText = String(decoding: try JSONEncoder().encode(newLast), as: UTF8.self)
            let n = Int64(batch.rows.count)
            var buffer = ByteBuffer()
            try CopyText.append(batch.rows, to: &buffer)
            let sent = buffer
            try await target.withTransaction { connection in
                try await connection.copyFrom(table: table.name, columns: table.columns, logger: target.logger) { writer in
                    try await writer.write(sent)
                }
                try await connection.query("""
                    INSERT INTO pd_import_progress (table_name, source_key, last_key, copied) VALUES (\(table.name), \(sourceKey), \(keyText), \(n))
                    ON CONFLICT (table_name) DO UPDATE SET last_key = excluded.last_key,
                        copied = pd_import_progress.copied + excluded.copied
                    """, logger: target.logger)
            }
            lastKey = newLast
            copied += n
            copiedNow += n
            try progress(Progress(table: table.name, tableIndex: index, tableCount: count, copied: copied, total: max(total, copied)))
        }
        try await target.withConnection { connection in
            _ = try await connection.query("""
                INSERT INTO pd_import_progress (table_name, source_key, last_key, copied, done) VALUES (\(table.name), \(sourceKey), 'null', 0, true)
                ON CONFLICT (table_name) DO UPDATE SET done = true
                """, logger: target.logger)
        }
        return copiedNow
    }

    /// Where to continue: after the recorded key, or from the start of a table that is
    /// still empty. A table with rows this import did not record is refused, since copying
    /// into it could duplicate or collide with them.
    private func resumePoint(_ table: DumpTable) async throws -> (key: [DumpValue]?, copied: Int64) {
        if let recorded = try await recordedPoint(table) { return recorded }
        // The migration's defaults give way to the source's rows, atomically with the
        // record that the table's copy has begun.
        try await target.withTransaction { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "DELETE FROM \(Self.identifier(table.name))"), logger: target.logger)
            _ = try await connection.query("""
                INSERT INTO pd_import_progress (table_name, source_key, last_key, copied) VALUES (\(table.name), \(sourceKey), 'null', 0)
                """, logger: target.logger)
        }
        return (nil, 0)
    }

    /// The recorded resume point; nil for a seeded table not begun yet (the caller
    /// replaces its defaults). Any other table with rows but no record is refused.
    private func recordedPoint(_ table: DumpTable) async throws -> (key: [DumpValue]?, copied: Int64)? {
        try await target.withConnection { connection in
            let rows = try await connection.query(
                "SELECT last_key, copied FROM pd_import_progress WHERE table_name = \(table.name)", logger: target.logger)
            for try await (keyText, copied) in rows.decode((String, Int64).self) {
                let key = try JSONDecoder().decode([DumpValue]?.self, from: Data(keyText.utf8))
                return (key, copied)
            }
            if Self.seededTables.contains(table.name) { return nil }
            let present = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT EXISTS (SELECT 1 FROM \(Self.identifier(table.name)))"), logger: target.logger)
            for try await exists in present.decode(Bool.self) where exists {
                throw PostgresStoreError("PostgreSQL's \(table.name) already holds rows that paydesk migrate did not copy; migrate into a new database (or one an earlier migrate of this file filled).")
            }
            return (nil, 0)
        }
    }

    /// A database half-filled from one SQLite file is not continued from another.
    private func refuseAnotherSourcesCopy() async throws {
        try await target.withConnection { connection in
            let rows = try await connection.query(
                "SELECT DISTINCT source_key FROM pd_import_progress WHERE source_key <> \(sourceKey)", logger: target.logger)
            for try await other in rows.decode(String.self) {
                throw PostgresStoreError("This PostgreSQL database is being filled from another SQLite database (audit key \(other), this one's is \(sourceKey)); migrate into a new database.")
            }
        }
    }

    /// The head row appends lock points at the newest copied record.
    private func resetAuditHead() async throws {
        try await target.execute("""
            UPDATE pd_audit_head SET
                last_id = COALESCE((SELECT max(id) FROM audit_log), 0),
                last_hash = COALESCE((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '\(AuditChainHasher.genesis)')
            WHERE id = 1
            """)
    }

    package static func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
