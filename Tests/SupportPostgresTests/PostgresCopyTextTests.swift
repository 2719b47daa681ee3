import Foundation
import TestSupport
import Logging
import PostgresNIO
import SupportPostgres
import SupportStore
import Testing

/// Text that COPY's format gives a meaning to — tabs, newlines, carriage returns,
/// backslashes, a `\N` that is not NULL — arrives exactly as SQLite held it.
@Suite struct PostgresCopyTextTests {
    @Test func awkwardTextArrivesUnchanged() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pd-copytext-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SupportStore(path: dir.appendingPathComponent("s.sqlite").path)
        try store.seedDefaults()
        let names = ["tab\there", "line\nbreak\r\nwindows", "back\\slash \\N \\t", "王小明 😀 Ñ", "\\", ""]
        var ids: [Int64] = []
        for (i, name) in names.enumerated() {
            ids.append(try store.insertCustomerForTesting(name: name, phone: "+62812000000\(i)", email: "c\(i)@example.com"))
        }
        let pool = PostgresPool(try await PostgresCluster.freshDatabase(), maximumConnections: 1)
        let report = try await SQLiteImport(source: store, target: pool, batchSize: 2).run()
        #expect(report.isComplete)
        let arrived: [Int64: String] = try await pool.withConnection { connection in
            let rows = try await connection.query("SELECT id, name FROM customers", logger: Logger(label: "test"))
            var out: [Int64: String] = [:]
            for try await (id, name) in rows.decode((Int64, String).self) { out[id] = name }
            return out
        }
        await pool.close()
        for (id, name) in zip(ids, names) {
            #expect(arrived[id] == name)
        }
    }
}
