import Foundation
import GRDB

/// One stored value, as SQLite holds it, for copying a database elsewhere.
public enum DumpValue: Sendable, Equatable, Hashable, Codable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let v): self = .integer(v)
        case .double(let v): self = .real(v)
        case .string(let v): self = .text(v)
        case .blob(let v): self = .blob(v)
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let v): v.databaseValue
        case .real(let v): v.databaseValue
        case .text(let v): v.databaseValue
        case .blob(let v): v.databaseValue
        }
    }
}

/// A table that holds data, as a copy reads it: its columns, and the key rows are read
/// in order of and resumed after.
public struct DumpTable: Sendable, Equatable {
    public var name: String
    public var columns: [String]
    /// `["rowid"]` for an ordinary table (FTS5's too), the primary key of a WITHOUT ROWID one.
    public var key: [String]
}

/// A batch of rows: each row's key (to resume after) and its values in column order.
public struct DumpBatch: Sendable {
    public var keys: [[DumpValue]]
    public var rows: [[DumpValue]]
}

extension SupportStore {
    /// The tables a copy must carry, parents before children (by foreign key), leaving
    /// out SQLite's and GRDB's bookkeeping and FTS5's shadow tables (the virtual table
    /// itself is kept: its rows are the search text).
    public func dumpTables() throws -> [DumpTable] {
        try read { db in
            let listed = try Row.fetchAll(db, sql: """
                SELECT name, type, wr FROM pragma_table_list WHERE schema = 'main'
                  AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
                ORDER BY name
                """)
            var tables: [String: DumpTable] = [:]
            var parents: [String: Set<String>] = [:]
            for row in listed {
                let name: String = row["name"]
                let info = try Row.fetchAll(db, sql: "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", arguments: [name])
                let withoutRowid: Bool = row["wr"]
                let key = withoutRowid
                    ? info.filter { ($0["pk"] as Int) > 0 }.sorted { ($0["pk"] as Int) < ($1["pk"] as Int) }.map { $0["name"] as String }
                    : ["rowid"]
                tables[name] = DumpTable(name: name, columns: info.map { $0["name"] }, key: key)
                parents[name] = Set(try String.fetchAll(db, sql: "SELECT \"table\" FROM pragma_foreign_key_list(?)", arguments: [name]))
                    .subtracting([name])
            }
            // Kahn's order, alphabetical among equals so the order is stable.
            var ordered: [DumpTable] = []
            var placed = Set<String>()
            while placed.count < tables.count {
                let ready = tables.keys.sorted().filter { !placed.contains($0) && parents[$0, default: []].isSubset(of: placed) }
                guard !ready.isEmpty else {
                    throw StoreError(.other, "The tables' foreign keys form a cycle; they cannot be copied in order.")
                }
                for name in ready { ordered.append(tables[name]!); placed.insert(name) }
            }
            return ordered
        }
    }

    /// Up to `limit` rows after `key` (nil: from the start), in key order.
    public func dumpRows(_ table: DumpTable, after key: [DumpValue]?, limit: Int) throws -> DumpBatch {
        try read { db in
            let keyList = table.key.map(Self.sqlIdentifier).joined(separator: ", ")
            var sql = "SELECT \(keyList), \(table.columns.map(Self.sqlIdentifier).joined(separator: ", ")) FROM \(Self.sqlIdentifier(table.name))"
            var arguments: [DatabaseValue] = []
            if let key {
                let marks = Array(repeating: "?", count: key.count).joined(separator: ", ")
                sql += table.key.count == 1 ? " WHERE \(keyList) > ?" : " WHERE (\(keyList)) > (\(marks))"
                arguments = key.map(\.databaseValue)
            }
            sql += " ORDER BY \(keyList) LIMIT \(max(limit, 1))"
            var batch = DumpBatch(keys: [], rows: [])
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
            let keyCount = table.key.count
            while let row = try cursor.next() {
                let values = row.databaseValues.map(DumpValue.init)
                batch.keys.append(Array(values.prefix(keyCount)))
                batch.rows.append(Array(values.dropFirst(keyCount)))
            }
            return batch
        }
    }

    public func rowCount(_ table: String) throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM \(Self.sqlIdentifier(table))") ?? 0 }
    }

    static func sqlIdentifier(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
