import Foundation
import GRDB

/// A statement prepared on one `WireConnection`: its server-side name, and its result's
/// columns with the format each is asked for in (binary for the kinds read by hand,
/// text for the rest).
struct WireStatement {
    let name: String
    let columns: [WireColumn]
    /// The text, kept for an unnamed statement: a read's BEGIN written ahead of it in the
    /// same write takes the unnamed slot, so the statement is parsed again after it.
    var sql = ""
    var resultFormats: [Int16] { columns.map { $0.kind.format } }
}

struct WireColumn {
    let name: String
    let kind: WireKind
}

extension WireConnection {
    /// Prepares `sql` under `name` and describes its result (Parse, Describe, Sync: one
    /// exchange).
    func prepare(_ sql: String, as name: String) throws -> WireStatement {
        try settle()
        var writer = WireWriter(capacity: sql.utf8.count + 64)
        writer.message("P") { $0.cstring(name); $0.cstring(sql); $0.int16(0) }
        writer.message("D") { $0.raw([UInt8(ascii: "S")]); $0.cstring(name) }
        writer.message("S") { _ in }
        try send(writer.bytes)
        var columns: [WireColumn] = []
        var failure: WireError?
        while true {
            let (type, payload) = try next()
            switch type {
            case UInt8(ascii: "T"): columns = try Self.columns(payload)
            case UInt8(ascii: "E"): failure = failure ?? WireError.server(from: payload)
            case UInt8(ascii: "Z"):
                if let failure { throw failure }
                return WireStatement(name: name, columns: columns, sql: name.isEmpty ? sql : "")
            default: continue
            }
        }
    }

    /// Runs a prepared statement with text parameters, the simple statements `ahead`
    /// (a read's BEGIN and its settings) written before it in the same write and checked
    /// with it; hands each row's cells, decoded, to `row`. One write, one wait. Returns the
    /// rows the statement's command tag counts (`UPDATE 3`), nil for a tag without one.
    @discardableResult
    func execute(_ statement: WireStatement, parameters: [String?], ahead: [String] = [],
                 row: (inout ContiguousArray<DatabaseValue>) throws -> Void) throws -> Int? {
        try settle()
        var writer = WireWriter(capacity: 256)
        for sql in ahead {
            writer.message("P") { $0.cstring(""); $0.cstring(sql); $0.int16(0) }
            writer.message("B") { $0.cstring(""); $0.cstring(""); $0.int16(0); $0.int16(0); $0.int16(0) }
            writer.message("E") { $0.cstring(""); $0.int32(0) }
        }
        if statement.name.isEmpty && !ahead.isEmpty {
            writer.message("P") { $0.cstring(""); $0.cstring(statement.sql); $0.int16(0) }
        }
        writer.message("B") {
            $0.cstring("")
            $0.cstring(statement.name)
            $0.int16(0)
            $0.int16(Int16(parameters.count))
            for parameter in parameters {
                if let parameter {
                    let bytes = Array(parameter.utf8)
                    $0.int32(Int32(bytes.count))
                    $0.raw(bytes)
                } else {
                    $0.int32(-1)
                }
            }
            let formats = statement.resultFormats
            $0.int16(Int16(formats.count))
            for format in formats { $0.int16(format) }
        }
        writer.message("E") { $0.cstring(""); $0.int32(0) }
        writer.message("S") { _ in }
        try send(writer.bytes)
        var values = ContiguousArray<DatabaseValue>()
        values.reserveCapacity(statement.columns.count)
        // A failure to decode or take a row is kept while the rest of the answer is read:
        // the connection stays in step and is reused.
        var failure: (any Error)?
        var counted: Int?
        while true {
            let (type, payload) = try next()
            switch type {
            case UInt8(ascii: "C"): counted = Self.rowsCounted(payload)
            case UInt8(ascii: "D"):
                guard failure == nil else { continue }
                values.removeAll(keepingCapacity: true)
                do {
                    try Self.cells(payload, statement.columns, into: &values)
                    try row(&values)
                } catch {
                    failure = error
                }
            case UInt8(ascii: "E"): failure = failure ?? WireError.server(from: payload)
            case UInt8(ascii: "Z"):
                if let failure { throw failure }
                return counted
            default: continue
            }
        }
    }

    /// The count at the end of a CommandComplete's tag (`INSERT 0 5`, `UPDATE 3`, `SELECT 2`);
    /// nil for a tag that ends in none (`BEGIN`, `SET`).
    static func rowsCounted(_ payload: ArraySlice<UInt8>) -> Int? {
        var reader = WireReader(payload)
        guard let tag = try? reader.cstring(), let last = tag.split(separator: " ").last, tag.contains(" ") else { return nil }
        return Int(last)
    }

    /// A RowDescription's columns.
    private static func columns(_ payload: ArraySlice<UInt8>) throws -> [WireColumn] {
        var reader = WireReader(payload)
        let count = Int(try reader.int16())
        var columns: [WireColumn] = []
        columns.reserveCapacity(count)
        for _ in 0..<count {
            let name = try reader.cstring()
            _ = try reader.int32(); _ = try reader.int16()
            let type = UInt32(bitPattern: try reader.int32())
            _ = try reader.int16(); _ = try reader.int32(); _ = try reader.int16()
            columns.append(WireColumn(name: name, kind: WireKind(type)))
        }
        return columns
    }

    /// A DataRow's cells, each decoded by its column's kind.
    private static func cells(_ payload: ArraySlice<UInt8>, _ columns: [WireColumn],
                              into values: inout ContiguousArray<DatabaseValue>) throws {
        var reader = WireReader(payload)
        let count = Int(try reader.int16())
        guard count == columns.count else { throw WireError.protocolViolation("a row had \(count) cells for \(columns.count) columns") }
        for column in columns {
            let length = Int(try reader.int32())
            if length < 0 {
                values.append(.null)
            } else {
                values.append(try column.kind.value(try reader.take(length)))
            }
        }
    }
}
