import Foundation
import GRDB
import SupportStore

/// One file being loaded: a single connection tuned for bulk writes, and the bookkeeping
/// (phase, next chunk, objects set aside) that lets a load stop anywhere and resume.
struct SeedConnection {
    let queue: DatabaseQueue

    /// `synchronous=OFF` and a rollback journal: a crash of the machine may need the load
    /// to start over, a killed process only rolls back its last chunk. WAL would write
    /// every page twice (log, then checkpoint) for no gain here.
    init(path: String, cacheMiB: Int = 256) throws {
        var config = Configuration()
        config.foreignKeysEnabled = false   // ids are generated consistent; checking 20M references buys nothing
        // The load's one audit record is signed like any other, with the file's audit key.
        let key = try AuditKey.load(AuditFiles.beside(database: path).keyPath)
        config.prepareDatabase { db in
            if let key {
                db.add(function: DatabaseFunction(AuditChain.macFunction, argumentCount: 1, pure: true) { values in
                    key.mac(Data.fromDatabaseValue(values[0]) ?? Data())
                })
            }
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = TRUNCATE")
            try db.execute(sql: """
                PRAGMA synchronous = OFF;
                PRAGMA locking_mode = EXCLUSIVE;
                PRAGMA cache_size = -\(cacheMiB * 1024);
                PRAGMA temp_store = MEMORY;
                PRAGMA threads = 2;
                """)
        }
        queue = try DatabaseQueue(path: path, configuration: config)
    }

    static func phase(_ db: Database) throws -> SeedPhase {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [SeedMeta.phase])
            .flatMap(SeedPhase.init(rawValue:)) ?? .base
    }

    static func next(_ db: Database) throws -> Int {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [SeedMeta.next]).flatMap { Int($0) } ?? 0
    }

    static func advance(_ db: Database, to phase: SeedPhase) throws {
        try SeedMeta.set(db, SeedMeta.phase, phase.rawValue)
        try SeedMeta.set(db, SeedMeta.next, "0")
    }

    /// Writes `count` items in committed chunks from `start`, recording the position with
    /// each chunk, then moves the file to `next`. `stop` is asked before each chunk, with
    /// the position reached.
    static func chunks(_ db: Database, from start: Int, count: Int, size: Int, then next: SeedPhase,
                       counter: RowCounter, stop: (Int) -> Bool = { _ in false }, progress: (Int) -> Void = { _ in },
                       _ body: (Range<Int>, Int) throws -> Void) throws {
        var lo = start
        while lo < count {
            if stop(lo) { throw SeedCancelled() }
            let hi = min(count, lo + size)
            try db.inTransaction(.exclusive) {
                try body(lo..<hi, lo / size)
                try SeedMeta.set(db, SeedMeta.next, String(hi))
                return .commit
            }
            counter.flush()
            progress(hi)
            lo = hi
        }
        try db.inTransaction(.exclusive) {
            try advance(db, to: next)
            return .commit
        }
    }

    // MARK: indexes and triggers set aside during the load

    /// An index or trigger dropped for the load and recreated after it.
    struct Deferred: Codable {
        var kind: String
        var table: String
        var name: String
        var sql: String
    }

    /// Drops the secondary indexes (except those whose keys arrive in order) and the
    /// triggers on `tables`, returning their definitions. Triggers go because SQLite's
    /// fast table-to-table copy refuses a destination with triggers; the append-only
    /// guards on ticket events come back before anyone else can open the file.
    static func setAside(_ db: Database, tables: [String], keepIndexes: Bool) throws -> [Deferred] {
        let list = tables.map { "'\($0)'" }.joined(separator: ",")
        var deferred: [Deferred] = []
        for row in try Row.fetchAll(db, sql: """
            SELECT type, tbl_name, name, sql FROM sqlite_master
            WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN (\(list)) ORDER BY type, name
            """) {
            let object = Deferred(kind: row["type"], table: row["tbl_name"], name: row["name"], sql: row["sql"])
            if object.kind == "index" && (keepIndexes || BulkSeeder.keptIndexes.contains(object.name)) { continue }
            try db.execute(sql: "DROP \(object.kind.uppercased()) \(object.name.quotedDatabaseIdentifier)")
            deferred.append(object)
        }
        return deferred
    }

    static func saveDeferred(_ db: Database, _ objects: [Deferred]) throws {
        let data = try JSONEncoder().encode(objects)
        try SeedMeta.set(db, SeedMeta.deferred, String(decoding: data, as: UTF8.self))
    }

    static func loadDeferred(_ db: Database) throws -> [Deferred] {
        guard let text = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [SeedMeta.deferred]) else {
            return []
        }
        return try JSONDecoder().decode([Deferred].self, from: Data(text.utf8))
    }

    /// Recreates the set-aside objects of `tables`, one committed statement each, so an
    /// interruption costs at most the index being built.
    /// `derived` then rebuilds what the set-aside triggers would have kept, in the same
    /// transaction that moves the file on.
    static func restore(_ db: Database, tables: Set<String>, then next: SeedPhase, progress: (Int, Int) -> Void,
                        derived: (Database) throws -> Void = { _ in }) throws {
        // CREATE INDEX sorts its keys. With a small cache the sorter spills sorted runs to
        // temporary files that worker threads sort in parallel and then merge; with a big
        // cache it sorts everything in memory on one thread, three to four times slower.
        let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -262_144
        try db.execute(sql: "PRAGMA cache_size = -32768; PRAGMA temp_store = FILE;")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(cache); PRAGMA temp_store = MEMORY;") }
        var all = try loadDeferred(db)
        // Indexes before triggers: nothing fires while indexes build, and order is stable.
        let mine = all.filter { tables.contains($0.table) }.sorted { ($0.kind, $0.name) < ($1.kind, $1.name) }
        for (i, object) in mine.enumerated() {
            progress(i, mine.count)
            try db.inTransaction(.exclusive) {
                try db.execute(sql: object.sql)
                all.removeAll { $0.name == object.name }
                try saveDeferred(db, all)
                return .commit
            }
        }
        progress(mine.count, mine.count)
        try db.inTransaction(.exclusive) {
            try derived(db)
            try advance(db, to: next)
            return .commit
        }
    }
}

/// The load stopped because the other half failed; the first error is the one reported.
struct SeedCancelled: Error {}
