import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// Helpers for the security tests: refusals by kind, a later clock on the same file, and
/// a scan of every cell of every table for a string.
extension TempStore {
    /// The same database file seen by a store whose clock is `seconds` after the fixture's.
    func later(_ seconds: TimeInterval) throws -> SupportStore {
        try SupportStore(path: path, create: false, clock: { TempStore.fixedNow.addingTimeInterval(seconds) })
    }

    func security(_ customer: Int64, subject: String = "Akun saya dibobol") throws -> Ticket {
        try newTicket(customer, subject: subject, priority: .p1, category: .security)
    }

    /// The plain code of the newest code message, its sealed body opened with the delivery
    /// key as delivery would: only tests may do this (no service or command can).
    func latestCodeInOutbox() throws -> String {
        let body = try store.pool.read { db -> String? in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE contains_code = 1 ORDER BY id DESC LIMIT 1"),
                  let sealed: Data = row["sealed_body"] else { return nil }
            return try store.deliveryKey(db).open(sealed, context: SupportStore.sealContext(row["channel"], row["destination"]))
        }
        let digits = try #require(body).split(whereSeparator: { !$0.isASCII || !$0.isNumber }).first { $0.count == 6 }
        return String(try #require(digits))
    }

    func addDevice(_ customer: Int64, model: String = "iPhone 13", bound: Bool = true) throws -> Int64 {
        try store.pool.write { db in
            try db.execute(sql: """
                INSERT INTO devices (customer_id, model, platform, app_version, bound, last_seen_at)
                VALUES (?, ?, 'ios', '5.3.4', ?, ?)
                """, arguments: [customer, model, bound, TempStore.fixedNow.epoch])
            return db.lastInsertedRowID
        }
    }

    func setBalance(_ customer: Int64, _ minor: Int64) throws {
        try store.pool.write { db in
            try db.execute(sql: "UPDATE customers SET balance = ? WHERE id = ?", arguments: [minor, customer])
        }
    }

    /// Every (table, column, value) cell whose text or bytes contain `needle`, across all
    /// tables including the full-text index's shadow tables.
    func cells(containing needle: String) throws -> Set<String> {
        try store.pool.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")
            var found: Set<String> = []
            let bytes = Data(needle.utf8)
            for table in tables {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"") {
                    for (column, value) in row {
                        let hit: Bool
                        switch value.storage {
                        case .string(let s): hit = s.contains(needle)
                        case .blob(let b): hit = b.range(of: bytes) != nil
                        default: hit = String(describing: value).contains(needle)
                        }
                        if hit { found.insert("\(table).\(column)=\(value)") }
                    }
                }
            }
            return found
        }
    }
}

/// Runs `body` and returns the kind of the StoreError it threw (nil if it did not throw).
func refusal(_ body: () throws -> Void) -> StoreError? {
    do {
        try body()
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}
