import Foundation
import GRDB
import GRDBSQLite
import SupportStore

/// Text that lives, NUL-terminated, for the whole load: bound with SQLITE_STATIC, so the
/// hot loop neither allocates a Swift string nor lets SQLite copy the bytes.
struct StaticText {
    let pointer: UnsafePointer<CChar>
    let length: Int32
}

/// Owns the C strings behind `StaticText`s and frees them when the load ends.
final class TextPool {
    private var owned: [UnsafeMutablePointer<CChar>] = []

    func text(_ s: String) -> StaticText {
        let p = strdup(s)!
        owned.append(p)
        return StaticText(pointer: UnsafePointer(p), length: Int32(strlen(p)))
    }

    func texts(_ list: [String]) -> [StaticText] { list.map(text) }

    deinit { owned.forEach { free($0) } }
}

/// One prepared INSERT, reused for every row of a table. Binding goes straight to the
/// C API: GRDB's `StatementArguments` allocate per row, which at ten million rows is the
/// difference between meeting the load target and missing it.
final class BulkStatement: SeedRowSink {
    private let statement: Statement   // keeps GRDB's handle (and its finalizer) alive
    private let handle: OpaquePointer
    private let connection: OpaquePointer
    /// Scratch for numbers formatted into text (references, wallet ids), reused per row:
    /// one 32-byte slot per parameter, because SQLite reads STATIC text only at step time.
    private let scratch: UnsafeMutablePointer<CChar>
    private static let slot = 32
    private(set) var rows = 0

    init(_ db: Database, _ sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection!
        scratch = .allocate(capacity: Self.slot * (Int(sqlite3_bind_parameter_count(handle)) + 1))
    }

    deinit { scratch.deallocate() }

    @inline(__always) func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }
    @inline(__always) func bind(_ index: Int32, _ text: StaticText) {
        sqlite3_bind_text(handle, index, text.pointer, text.length, nil)   // nil destructor = SQLITE_STATIC
    }
    @inline(__always) func bindNull(_ index: Int32) { sqlite3_bind_null(handle, index) }

    /// A Swift string, copied by SQLite (for the rare per-row text such as e-mail addresses).
    func bind(_ index: Int32, copying text: String) {
        var text = text
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                _ = sqlite3_bind_text(handle, index, chars.baseAddress, Int32(chars.count), Self.transient)
            }
        }
    }

    /// `prefix` followed by `value` zero-padded to `digits`, formatted without allocating.
    func bind(_ index: Int32, prefix: StaticText, number value: Int64, digits: Int) {
        let scratch = self.scratch + Int(index) * Self.slot
        var length = Int(prefix.length)
        precondition(length + digits < Self.slot - 4, "formatted text too long for its slot")
        memcpy(scratch, prefix.pointer, length)
        var v = value
        var count = 1
        var probe = v / 10
        while probe > 0 { count += 1; probe /= 10 }
        let width = max(digits, count)
        for i in stride(from: length + width - 1, through: length, by: -1) {
            scratch[i] = CChar(48 + v % 10)
            v /= 10
        }
        length += width
        scratch[length] = 0
        sqlite3_bind_text(handle, index, scratch, Int32(length), nil)
    }

    /// Runs the statement with the bound values and readies it for the next row.
    @inline(__always) func step() throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
        }
        rows += 1
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
