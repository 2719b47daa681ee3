import Foundation
import GRDB
import SupportStore

/// One of the few accounts at the head of the Zipf tail, with its transaction count.
public struct HeavyCustomer: Sendable, Codable, Equatable {
    public var id: Int64
    public var transactions: Int
}

/// What a seeded database says about itself, from its `meta` rows.
public struct SeedInfo: Sendable, Codable {
    public var options: SeedOptions
    /// The next phase to run (see `SeedPhase`); "complete" once the file is finished.
    public var phase: String
    public var heavyCustomers: [HeavyCustomer]

    public var complete: Bool { phase == SeedPhase.complete.rawValue }
}

/// The load's phases; `meta.seed.phase` of each file holds the one to do next. The main
/// file runs base → customers → transactions → indexes → merge → ticket-indexes → finish;
/// the tickets side file, written at the same time on another thread, base → tickets.
enum SeedPhase: String, CaseIterable {
    case base, customers, transactions, tickets, indexes, merge
    case ticketIndexes = "ticket-indexes"
    case finish, complete
}

enum SeedMeta {
    static let options = "seed.options"
    static let phase = "seed.phase"
    static let next = "seed.next"            // first item of the phase not yet written
    static let deferred = "seed.deferred"    // indexes and triggers to recreate after the load (JSON)
    static let heavy = "seed.heavy"

    static func read(_ db: Database) throws -> SeedInfo? {
        guard try db.tableExists("meta") else { return nil }
        let values = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM meta WHERE key LIKE 'seed.%'")
            .map { ($0["key"] as String, $0["value"] as String) })
        guard let options = values[Self.options].flatMap(SeedOptions.decode) else { return nil }
        let heavy = (values[Self.heavy] ?? "").split(separator: ",").compactMap { pair -> HeavyCustomer? in
            let parts = pair.split(separator: ":")
            guard parts.count == 2, let id = Int64(parts[0]), let n = Int(parts[1]) else { return nil }
            return HeavyCustomer(id: id, transactions: n)
        }
        return SeedInfo(options: options, phase: values[Self.phase] ?? SeedPhase.base.rawValue, heavyCustomers: heavy)
    }

    static func set(_ db: Database, _ key: String, _ value: String) throws {
        try db.execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [key, value])
    }
}

extension SupportStore {
    /// The seed that built this database, or nil when it was not built by `paydesk-dev seed`.
    public func seedInfo() throws -> SeedInfo? {
        try read { db in try SeedMeta.read(db) }
    }

    /// The customers with the most transactions, by counting (a full pass over the
    /// customer index): for benchmarks on databases the seeder did not make.
    public func heaviestCustomers(limit: Int) throws -> [HeavyCustomer] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT customer_id, COUNT(*) AS n FROM transactions GROUP BY customer_id ORDER BY n DESC LIMIT ?
                """, arguments: [limit]).map { HeavyCustomer(id: $0["customer_id"], transactions: $0["n"]) }
        }
    }
}

extension BulkSeeder {
    /// Reads a database's seed record without migrating or writing anything: used to
    /// decide whether to resume, skip or refuse. (Not a read-only connection: SQLite
    /// cannot open a WAL file read-only before its shared-memory file exists.)
    public static func inspect(path: String) throws -> SeedInfo? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            return try queue.read { db in try SeedMeta.read(db) }
        } catch let error as DatabaseError {
            throw StoreError(.other, SupportStore.describe(error, path: path))
        }
    }
}
