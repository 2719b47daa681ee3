import Foundation
import GRDB
import SupportCore

/// Builds a large deterministic dataset fast and safely.
///
/// Safety: the load writes `PATH.seeding`, never `PATH`. Each chunk commits its rows and
/// the position reached (`meta.seed.phase`/`seed.next`) in one transaction, under a
/// rollback journal, so an interrupted load leaves the side file at its last commit and
/// the same command resumes from there. Only a finished file — indexes built, analysed,
/// back in WAL mode, marked complete — is renamed to `PATH`, so the console and the
/// commands never see a half-built database.
///
/// Speed: one connection with `synchronous=OFF`, a rollback journal (WAL would write
/// every page twice), a large page cache, prepared statements bound through the C API,
/// big transactions, and secondary indexes whose keys arrive in random order dropped
/// during the load and built afterwards by sorting (two sorter threads).
public enum BulkSeeder {
    public static func partialPath(for path: String) -> String { path + ".seeding" }

    /// Rows per committed chunk, by phase: large enough that commits cost nothing, small
    /// enough that an interruption loses at most a second or two of work.
    static let customerChunk = 20_000
    static let transactionChunk = 500_000
    static let ticketChunk = 25_000

    /// Indexes whose keys arrive in insertion order stay; appending to them is cheap.
    static let keptIndexes: Set<String> = ["login_events_customer_at", "ticket_events_ticket"]
    static let bulkTables = ["customers", "devices", "login_events", "transactions", "tickets", "ticket_events",
                             "ticket_tags", "ticket_pauses"]

    /// - Parameters:
    ///   - restart: throw away an interrupted load with other options instead of refusing.
    ///   - keepIndexes: maintain every index during the load (for measuring the difference).
    public static func seed(path: String, options: SeedOptions, restart: Bool = false, keepIndexes: Bool = false,
                            progress: @escaping (SeedProgress) -> Void = { _ in },
                            log: (String) -> Void = { _ in }) throws -> SeedSummary {
        guard options.customers >= 1, options.tickets >= 0, options.transactions >= 0 else {
            throw StoreError.invalid("--customers must be at least 1; --tickets and --transactions at least 0.")
        }
        let fm = FileManager.default
        let started = Date()
        if fm.fileExists(atPath: path) {
            guard let info = try inspect(path: path), info.complete, info.options == options else {
                throw StoreError.conflict("\(path) already exists and is not a finished seed with these options; "
                                          + "seed into a new path or delete it first.")
            }
            let rows = try countRows(path: path)
            return SeedSummary(options: options, rows: rows, seconds: 0, insertedRows: 0, resumed: false, alreadyComplete: true,
                               phases: [])
        }
        let partial = partialPath(for: path)
        var resumed = false
        if fm.fileExists(atPath: partial) {
            let info = try? inspect(path: partial)
            if let info, info.options == options {
                resumed = true
                log("Resuming the interrupted seed in \(partial) at the \(info.phase) phase.")
            } else if restart {
                log("Discarding the interrupted seed in \(partial).")
                for suffix in ["", "-journal", "-wal", "-shm"] { try? fm.removeItem(atPath: partial + suffix) }
            } else {
                let what = info.map { "was started with \($0.options.encoded)" } ?? "cannot be read"
                throw StoreError.conflict("An interrupted seed in \(partial) \(what); rerun with the same options to resume, "
                                          + "or add --restart to discard it.")
            }
        }
        if !fm.fileExists(atPath: partial) {
            // The schema comes from the store's own migrations, so a seeded file is an ordinary paydesk database.
            let store = try SupportStore(path: partial, create: true, clock: { Date(epoch: options.now) })
            try store.seedDefaults()
        }
        let load = try Load(path: partial, finalPath: path, options: options, keepIndexes: keepIndexes, progress: progress)
        try load.run()
        let rows = try load.rowCounts()
        let inserted = load.insertedRows
        let phases = load.phaseTimes
        load.close()
        try switchToWAL(partial)
        try fm.moveItem(atPath: partial, toPath: path)
        return SeedSummary(options: options, rows: rows, seconds: Date().timeIntervalSince(started),
                           insertedRows: inserted, resumed: resumed, alreadyComplete: false, phases: phases)
    }

    /// Consoles open databases as WAL pools; the load ran under a rollback journal.
    static func switchToWAL(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        }
        try queue.close()
    }

    static func countRows(path: String) throws -> [String: Int] {
        var config = Configuration()
        config.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: config)
        return try queue.read { db in try Load.rowCounts(db) }
    }
}

/// One run of the load over the side file.
private final class Load {
    let queue: DatabaseQueue
    let options: SeedOptions
    let finalPath: String
    let keepIndexes: Bool
    let progress: (SeedProgress) -> Void
    let started = Date()
    private(set) var insertedRows = 0
    private(set) var phaseTimes: [SeedPhaseTime] = []
    private var phase = SeedPhase.base
    private var done = 0
    private var total = 0

    init(path: String, finalPath: String, options: SeedOptions, keepIndexes: Bool,
         progress: @escaping (SeedProgress) -> Void) throws {
        var config = Configuration()
        config.foreignKeysEnabled = false   // ids are generated consistently; checking 16M references buys nothing
        config.prepareDatabase { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = TRUNCATE")
            try db.execute(sql: """
                PRAGMA synchronous = OFF;
                PRAGMA locking_mode = EXCLUSIVE;
                PRAGMA cache_size = -1048576;
                PRAGMA temp_store = MEMORY;
                PRAGMA threads = 2;
                """)
        }
        queue = try DatabaseQueue(path: path, configuration: config)
        self.options = options
        self.finalPath = finalPath
        self.keepIndexes = keepIndexes
        self.progress = progress
    }

    func close() { try? queue.close() }

    func report() {
        progress(SeedProgress(phase: phase.rawValue, done: done, total: total, rows: insertedRows,
                              elapsed: Date().timeIntervalSince(started)))
    }

    func run() throws {
        try queue.inDatabase { db in
            let rows = try SeedRows(db, options: options)
            rows.onRows = { [unowned self] n in
                insertedRows += n
                if phase == .transactions { done += n }
                report()
            }
            while true {
                let info = try SeedMeta.read(db)
                phase = info.flatMap { SeedPhase(rawValue: $0.phase) } ?? .base
                let next = try Int(String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [SeedMeta.next]) ?? "0") ?? 0
                let clock = PhaseClock()
                let rowsBefore = insertedRows
                defer { phaseTimes.append(clock.stop(phase.rawValue, rows: insertedRows - rowsBefore)) }
                switch phase {
                case .base: try base(db)
                case .customers:
                    try chunks(db, rows, from: next, count: options.customers, size: BulkSeeder.customerChunk, then: .transactions) {
                        try rows.customers($0, chunk: $1)
                    }
                case .transactions:
                    try chunks(db, rows, from: next, count: options.transactions, size: BulkSeeder.transactionChunk, then: .tickets) {
                        try rows.transactions($0, chunk: $1)
                    }
                case .tickets:
                    let tickets = try SeedTickets(db, rows: rows, owners: try owners(db))
                    try chunks(db, rows, from: next, count: options.tickets, size: BulkSeeder.ticketChunk, then: .indexes) {
                        try tickets.tickets($0, chunk: $1)
                    }
                case .indexes: try buildIndexes(db)
                case .finish: try finish(db, rows)
                case .complete: return
                }
            }
        }
    }

    private func advance(_ db: Database, to next: SeedPhase) throws {
        try SeedMeta.set(db, SeedMeta.phase, next.rawValue)
        try SeedMeta.set(db, SeedMeta.next, "0")
    }

    /// Agents, the seed record, and the indexes set aside until the rows are in.
    private func base(_ db: Database) throws {
        try db.inTransaction(.exclusive) {
            try SeedMeta.set(db, SeedMeta.options, options.encoded)
            let created = options.historyStart - 60 * 86_400
            for a in DemoContent.agents {
                try db.execute(sql: "INSERT INTO agents (login, name, role, active, created_at) VALUES (?, ?, ?, 1, ?)",
                               arguments: [a.login, a.name, a.role.rawValue, created])
            }
            let texts = SeedTexts()
            for i in 0..<options.generatedAgents {
                var rng = SplitMix64(seed: options.seed, phase: 4, chunk: i)
                let name = String(cString: texts.names[rng.below(texts.names.count)].pointer)
                try db.execute(sql: "INSERT INTO agents (login, name, role, active, created_at) VALUES (?, ?, ?, 1, ?)",
                               arguments: [String(format: "agent%03d", i + 1), name, i % 12 == 11 ? "supervisor" : "agent", created])
            }
            var deferred: [String] = []
            if !keepIndexes {
                let tables = BulkSeeder.bulkTables.map { "'\($0)'" }.joined(separator: ",")
                for row in try Row.fetchAll(db, sql: """
                    SELECT name, sql FROM sqlite_master
                    WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(tables)) ORDER BY name
                    """) where !BulkSeeder.keptIndexes.contains(row["name"]) {
                    deferred.append(row["sql"])
                    try db.execute(sql: "DROP INDEX \((row["name"] as String).quotedDatabaseIdentifier)")
                }
            }
            // The definitions travel in the file itself, so a resumed load rebuilds exactly these.
            try SeedMeta.set(db, SeedMeta.indexes, deferred.joined(separator: ";\n"))
            try advance(db, to: .customers)
            return .commit
        }
    }

    private func chunks(_ db: Database, _ rows: SeedRows, from start: Int, count: Int, size: Int, then next: SeedPhase,
                        _ body: (Range<Int>, Int) throws -> Void) throws {
        total = count
        done = start
        var lo = start
        while lo < count {
            let hi = min(count, lo + size)
            try db.inTransaction(.exclusive) {
                try body(lo..<hi, lo / size)
                try SeedMeta.set(db, SeedMeta.next, String(hi))
                return .commit
            }
            rows.flushCount()
            done = hi
            report()
            lo = hi
        }
        try db.inTransaction(.exclusive) {
            try advance(db, to: next)
            return .commit
        }
    }

    /// Everyone who takes tickets: the demo's agents and supervisor, and the generated team.
    private func owners(_ db: Database) throws -> [(id: Int64, login: String)] {
        try Row.fetchAll(db, sql: "SELECT id, login FROM agents WHERE role IN ('agent', 'supervisor') ORDER BY id")
            .map { ($0["id"], $0["login"]) }
    }

    private func buildIndexes(_ db: Database) throws {
        // CREATE INDEX sorts its keys. With a small cache the sorter spills sorted runs to
        // temporary files that worker threads sort in parallel and then merge; with a big
        // cache it sorts everything in memory on one thread, three to four times slower.
        try db.execute(sql: "PRAGMA cache_size = -32768; PRAGMA temp_store = FILE;")
        defer { try? db.execute(sql: "PRAGMA cache_size = -1048576; PRAGMA temp_store = MEMORY;") }
        let all = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [SeedMeta.indexes]) ?? ""
        var remaining = all.components(separatedBy: ";\n").filter { !$0.isEmpty }
        total = remaining.count + (try Int(String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [SeedMeta.next]) ?? "0") ?? 0)
        done = total - remaining.count
        report()
        while let sql = remaining.first {
            remaining.removeFirst()
            try db.inTransaction(.exclusive) {
                try db.execute(sql: sql)
                try SeedMeta.set(db, SeedMeta.indexes, remaining.joined(separator: ";\n"))
                try SeedMeta.set(db, SeedMeta.next, String(total - remaining.count))
                return .commit
            }
            done += 1
            report()
        }
        try db.inTransaction(.exclusive) {
            try advance(db, to: .finish)
            return .commit
        }
    }

    /// Planner statistics, the heavy accounts for the benchmarks, the audit record, and the
    /// marks that make the file a finished demo database (so `--as` works on it).
    private func finish(_ db: Database, _ rows: SeedRows) throws {
        total = 1
        done = 0
        report()
        // A sampled ANALYZE: enough for the planner to tell a selective index from a poor one.
        try db.execute(sql: "PRAGMA analysis_limit = 2000; ANALYZE;")
        var heavy: [String] = []
        for rank in 0..<min(10, options.customers) {
            let id = Int64(rows.transactionPicker.customer(rank: rank) + 1)
            let n = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM transactions WHERE customer_id = ?", arguments: [id]) ?? 0
            heavy.append("\(id):\(n)")
        }
        try db.inTransaction(.exclusive) {
            try SeedMeta.set(db, SeedMeta.heavy, heavy.joined(separator: ","))
            try SeedMeta.set(db, "demo", "1")
            try SeedMeta.set(db, "created_at", String(options.now))
            try AuditChain.append(db, at: options.now, actor: SupportStore.operatingSystemUser, action: "seed.generate",
                                  entity: "database", entityId: finalPath, after: options.encoded)
            try advance(db, to: .complete)
            return .commit
        }
        done = 1
        report()
    }

    func rowCounts() throws -> [String: Int] { try queue.read { db in try Self.rowCounts(db) } }

    /// Exact counts; `MAX(rowid)` stands in for `COUNT(*)` on the big tables, whose ids the
    /// seeder assigns without gaps.
    static func rowCounts(_ db: Database) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in ["customers", "login_events", "transactions", "tickets", "ticket_events"] {
            counts[table] = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(rowid), 0) FROM \(table)") ?? 0
        }
        for table in ["agents", "devices", "ticket_tags", "ticket_pauses", "ticket_search"] {
            counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
        }
        return counts
    }
}
