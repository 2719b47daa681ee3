import Foundation
import PostgresNIO
import SupportStore

/// What `paydesk migrate` found on arrival.
public struct ImportReport: Sendable {
    public struct Table: Sendable, Equatable {
        public var name: String
        public var sqliteRows: Int64
        public var postgresRows: Int64
        /// A table PostgreSQL's triggers filled: compared by content, not copied.
        public var derived: Bool
        public var matches: Bool
    }

    public var tables: [Table]
    /// The audit chain as it arrived, walked with the source database's key.
    public var audit: AuditVerification
    /// The SQLite database's chain before the copy, checked against its checkpoints.
    public var sourceAudit: AuditVerification = .ok(records: 0)
    /// Rows this run copied (0 when an earlier run had copied everything).
    public var rowsCopiedNow: Int64 = 0

    public var isComplete: Bool {
        guard tables.allSatisfy(\.matches) else { return false }
        if case .ok = audit, case .ok = sourceAudit { return true }
        return false
    }
}

/// Holds the copy against the source: row counts per table, the totals PostgreSQL
/// computed against SQLite's, and the audit chain recomputed record by record.
struct ImportVerifier {
    let source: SupportStore
    let target: PostgresPool

    func verify(_ tables: [DumpTable]) async throws -> ImportReport {
        var checked: [ImportReport.Table] = []
        for table in tables {
            let sqliteRows = try source.rowCount(table.name)
            let postgresRows = try await target.rowCount(table.name)
            let derived = SQLiteImport.derivedTables.contains(table.name)
            let matches = derived
                ? try sqliteTotals(table) == (try await postgresTotals(table))
                : sqliteRows == postgresRows
            checked.append(.init(name: table.name, sqliteRows: sqliteRows, postgresRows: postgresRows,
                                 derived: derived, matches: matches))
        }
        return ImportReport(tables: checked, audit: try await walkAuditChain())
    }

    /// A totals table's rows as text, leaving out rows whose count is zero: SQLite's
    /// per-row triggers leave such rows behind, PostgreSQL's per-statement ones never write them.
    private func sqliteTotals(_ table: DumpTable) throws -> Set<[String]> {
        var rows = Set<[String]>()
        var after: [DumpValue]?
        let countIndex = table.columns.firstIndex(of: "count")
        while true {
            let batch = try source.dumpRows(table, after: after, limit: 10_000)
            guard let last = batch.keys.last else { return rows }
            for row in batch.rows where countIndex.map({ row[$0] != .integer(0) }) ?? true {
                rows.insert(row.map(Self.text))
            }
            after = last
        }
    }

    private func postgresTotals(_ table: DumpTable) async throws -> Set<[String]> {
        try await target.withConnection { connection in
            let columns = table.columns.map { "COALESCE(\(SQLiteImport.identifier($0))::text, '')" }.joined(separator: " || chr(9) || ")
            let filter = table.columns.contains("count") ? " WHERE count <> 0" : ""
            // The status counts are rows to add up here (`v18-status-count-deltas`).
            let source = table.name == "ticket_status_counts"
                ? "(SELECT status, SUM(count)::bigint AS count FROM ticket_status_counts GROUP BY status) AS counts"
                : SQLiteImport.identifier(table.name)
            let rows = try await connection.query(PostgresQuery(unsafeSQL: """
                SELECT \(columns) FROM \(source)\(filter)
                """), logger: target.logger)
            var out = Set<[String]>()
            for try await line in rows.decode(String.self) {
                out.insert(line.components(separatedBy: "\t"))
            }
            return out
        }
    }

    static func text(_ value: DumpValue) -> String {
        switch value {
        case .null: ""
        case .integer(let v): String(v)
        case .real(let v): String(v)
        case .text(let v): v
        case .blob(let v): v.base64EncodedString()
        }
    }

    /// Every record of PostgreSQL's audit log, oldest first, against the chain's hashing
    /// with the source's key and PostgreSQL's own record of where the keyed chain starts.
    private func walkAuditChain() async throws -> AuditVerification {
        let keyedFrom: Int64? = try await target.withConnection { connection in
            let rows = try await connection.query("SELECT keyed_from FROM audit_key WHERE id = 1", logger: target.logger)
            for try await value in rows.decode(Int64.self) { return value }
            return nil
        }
        let hasher = try AuditChainHasher(keyPath: source.auditFiles.keyPath, keyedFrom: keyedFrom)
        return try await PostgresAuditLog.walk(target, hasher: hasher)
    }
}

extension PostgresPool {
    /// The number of rows in one of paydesk's tables.
    public func rowCount(_ table: String) async throws -> Int64 {
        try await withConnection { connection in
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(SQLiteImport.identifier(table))"), logger: logger)
            for try await n in rows.decode(Int64.self) { return n }
            return 0
        }
    }
}
