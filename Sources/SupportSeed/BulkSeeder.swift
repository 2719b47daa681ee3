import Foundation
import GRDB
import SupportCore
import SupportStore

/// Builds a large deterministic dataset fast and safely.
///
/// Safety: the load writes `PATH.seeding` (and `PATH.seeding-tickets`), never `PATH`.
/// Each chunk commits its rows and the position reached (`meta.seed.phase`/`seed.next`)
/// in one transaction under a rollback journal, so an interrupted load leaves the side
/// files at their last commit and the same command resumes from there. Only a finished
/// file — indexes built, analysed, back in WAL mode, marked complete — is renamed to
/// `PATH`, so the console and the commands never see a half-built database.
///
/// Speed: one connection per file with `synchronous=OFF`, big transactions, prepared
/// statements bound through the C API, secondary indexes whose keys arrive in random
/// order built after the load by a parallel sort, and two files written at once (tickets
/// on a second thread) then joined by SQLite's page-level table copy.
public enum BulkSeeder {
    public static func partialPath(for path: String) -> String { path + ".seeding" }
    static func ticketsPath(for path: String) -> String { path + ".seeding-tickets" }

    /// Rows per committed chunk, by phase: large enough that commits cost nothing, small
    /// enough that an interruption loses at most a second or two of work.
    static let customerChunk = 20_000
    static let transactionChunk = 500_000
    static let ticketChunk = 25_000

    /// A small load still commits in several chunks (so it can be interrupted and resumed
    /// like a big one). The size is a function of the options alone: each chunk has its
    /// own generator, so it shapes the data and must come out the same on every run.
    static func chunk(_ count: Int, atMost limit: Int) -> Int { max(256, min(limit, count / 16)) }

    /// Indexes whose keys arrive in insertion order stay; appending to them is cheap.
    static let keptIndexes: Set<String> = ["login_events_customer_at", "ticket_events_ticket"]
    static let mainTables = ["customers", "devices", "login_events", "transactions"]
    static let ticketTables = ["tickets", "ticket_events", "ticket_tags", "ticket_pauses"]

    /// - Parameters:
    ///   - restart: throw away an interrupted load with other options instead of refusing.
    ///   - keepIndexes: maintain every index during the load (to measure the difference).
    ///   - progress: called from both loading threads, never at the same time.
    public static func seed(path: String, options: SeedOptions, restart: Bool = false, keepIndexes: Bool = false,
                            progress: @escaping (SeedProgress) -> Void = { _ in },
                            log: (String) -> Void = { _ in }) throws -> SeedSummary {
        try seed(path: path, options: options, restart: restart, keepIndexes: keepIndexes, progress: progress, log: log,
                 interrupt: { _, _ in false })
    }

    /// `interrupt(phase, next)` is asked between the main file's chunks; true stops the load
    /// there as an interruption would (for the resume tests).
    static func seed(path: String, options: SeedOptions, restart: Bool, keepIndexes: Bool,
                     progress: @escaping (SeedProgress) -> Void, log: (String) -> Void,
                     interrupt: @escaping (SeedPhase, Int) -> Bool) throws -> SeedSummary {
        guard options.customers >= 1, options.tickets >= 0, options.transactions >= 0 else {
            throw StoreError.invalid("--customers must be at least 1; --tickets and --transactions at least 0.")
        }
        let fm = FileManager.default
        let started = Date()
        let cpuStart = PhaseClock.processCPU()
        if fm.fileExists(atPath: path) {
            guard let info = try inspect(path: path), info.complete, info.options == options else {
                throw StoreError.conflict("\(path) already exists and is not a finished seed with these options; "
                                          + "seed into a new path or delete it first.")
            }
            return SeedSummary(options: options, rows: try countRows(path: path), seconds: 0, insertedRows: 0,
                               resumed: false, alreadyComplete: true, phases: [], cpuSeconds: 0)
        }
        let partial = partialPath(for: path)
        var resumed = false
        if fm.fileExists(atPath: partial) {
            let info = try? inspect(path: partial)
            if let info, info.options == options {
                resumed = true
                log("Resuming the interrupted seed in \(partial) at the \(info.phase) phase.")
            } else if restart || info == nil {
                // A side file that cannot be read was killed before its own setup
                // committed: it holds nothing worth keeping, so start it again.
                log("Discarding the interrupted seed in \(partial).")
                for file in [partial, ticketsPath(for: path)] {
                    for suffix in ["", "-journal", "-wal", "-shm"] { try? fm.removeItem(atPath: file + suffix) }
                }
            } else {
                let what = info.map { "was started with \($0.options.encoded)" } ?? "was started with other options"
                throw StoreError.conflict("An interrupted seed in \(partial) \(what); rerun with the same options to resume, "
                                          + "or add --restart to discard it.")
            }
        }
        if !fm.fileExists(atPath: partial) {
            // The schema comes from the store's own migrations: a seeded file is an ordinary paydesk database.
            let store = try SupportStore(path: partial, create: true, clock: { Date(epoch: options.now) })
            try store.seedDefaults()
        }
        let hub = ProgressHub(options: options, callback: progress)
        let load = try MainLoad(path: partial, ticketsPath: ticketsPath(for: path), finalPath: path, options: options,
                                keepIndexes: keepIndexes, hub: hub, interrupt: interrupt)
        try load.run()
        let rows = try load.queue.read { db in try rowCounts(db) }
        try load.queue.close()
        try switchToWAL(partial)
        try fm.moveItem(atPath: partial, toPath: path)
        try AuditFiles.move(database: partial, to: path)
        // Normally gone after the merge; an interruption between the two leaves it behind.
        for suffix in ["", "-journal", ".audit-key", ".audit-checkpoints", ".delivery-key"] { try? fm.removeItem(atPath: ticketsPath(for: path) + suffix) }
        return SeedSummary(options: options, rows: rows, seconds: Date().timeIntervalSince(started),
                           insertedRows: hub.insertedRows, resumed: resumed, alreadyComplete: false,
                           phases: load.phaseTimes, cpuSeconds: PhaseClock.processCPU() - cpuStart)
    }

    /// Consoles open databases as WAL pools; the load ran under a rollback journal.
    static func switchToWAL(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
        try queue.close()
    }

    static func countRows(path: String) throws -> [String: Int] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try rowCounts(db) }
    }

    /// `MAX(rowid)` stands in for `COUNT(*)` on the big tables, whose ids have no gaps.
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

/// The main file's load, driving the tickets worker.
private final class MainLoad {
    let queue: DatabaseQueue
    let options: SeedOptions
    let ticketsPath: String
    let finalPath: String
    let keepIndexes: Bool
    let hub: ProgressHub
    let interrupt: (SeedPhase, Int) -> Bool
    private(set) var phaseTimes: [SeedPhaseTime] = []
    private var worker: TicketWorker?

    init(path: String, ticketsPath: String, finalPath: String, options: SeedOptions, keepIndexes: Bool, hub: ProgressHub,
         interrupt: @escaping (SeedPhase, Int) -> Bool) throws {
        queue = try SeedConnection(path: path).queue
        self.interrupt = interrupt
        self.options = options
        self.ticketsPath = ticketsPath
        self.finalPath = finalPath
        self.keepIndexes = keepIndexes
        self.hub = hub
    }

    func run() throws {
        do {
            try queue.inDatabase { db in try phases(db) }
        } catch {
            // Leave the tickets file at a chunk boundary before reporting.
            worker?.stop()
            _ = try? worker?.join()
            throw error
        }
    }

    private func phases(_ db: Database) throws {
        let rows = try SeedRows(db, options: options)
        var phaseRows = 0
        rows.counter.onRows = { [hub] in hub.add($0); phaseRows += $0 }
        while true {
            let phase = try SeedConnection.phase(db)
            hub.enter(phase)
            if worker == nil, [.customers, .transactions, .indexes, .merge].contains(phase) {
                let w = TicketWorker(path: ticketsPath, options: options, owners: try owners(db), hub: hub)
                w.start()
                worker = w
            }
            let clock = PhaseClock()
            phaseRows = 0
            switch phase {
            case .base: try base(db)
            case .customers:
                try SeedConnection.chunks(db, from: try SeedConnection.next(db), count: options.customers,
                                          size: BulkSeeder.chunk(options.customers, atMost: BulkSeeder.customerChunk),
                                          then: .transactions, counter: rows.counter,
                                          stop: { [interrupt] in interrupt(.customers, $0) }) {
                    try rows.customers($0, chunk: $1)
                }
            case .transactions:
                try SeedConnection.chunks(db, from: try SeedConnection.next(db), count: options.transactions,
                                          size: BulkSeeder.chunk(options.transactions, atMost: BulkSeeder.transactionChunk),
                                          then: .indexes, counter: rows.counter,
                                          stop: { [interrupt] in interrupt(.transactions, $0) }) {
                    try rows.transactions($0, chunk: $1)
                }
            case .indexes:
                // The per-customer totals come from one pass over the new covering index, while
                // the tickets thread is still writing.
                try SeedConnection.restore(db, tables: Set(BulkSeeder.mainTables), then: .merge,
                                           progress: { hub.step($0, of: $1) },
                                           derived: PerformanceSchema.rebuildTransactionTotals)
            case .merge: try merge(db)
            case .ticketIndexes:
                try SeedConnection.restore(db, tables: Set(BulkSeeder.ticketTables), then: .finish,
                                           progress: { hub.step($0, of: $1) },
                                           derived: { db in
                                               try PerformanceSchema.rebuildTicketCounts(db)
                                               try HandlingFactsSchema.backfill(db)
                                           })
            case .finish: try finish(db, rows)
            case .tickets, .complete:
                return
            }
            phaseTimes.append(clock.stop(phase.rawValue, rows: phaseRows))
        }
    }

    /// Agents, the seed record, and the indexes and triggers set aside until the rows are in.
    private func base(_ db: Database) throws {
        try db.inTransaction(.exclusive) {
            try SeedMeta.set(db, SeedMeta.options, options.encoded)
            try SeedBase.insertAgents(db, options: options)
            let deferred = try SeedConnection.setAside(db, tables: BulkSeeder.mainTables + BulkSeeder.ticketTables,
                                                       keepIndexes: keepIndexes)
            // The definitions travel in the file itself, so a resumed load rebuilds exactly these.
            try SeedConnection.saveDeferred(db, deferred)
            try SeedConnection.advance(db, to: .customers)
            return .commit
        }
    }

    /// Everyone who takes tickets: the demo's agents and supervisor, and the generated team.
    private func owners(_ db: Database) throws -> [SeedOwner] {
        try Row.fetchAll(db, sql: "SELECT id, login FROM agents WHERE role IN ('agent', 'supervisor') ORDER BY id")
            .map { SeedOwner(id: $0["id"], login: $0["login"]) }
    }

    /// Copies the tickets file's tables in. Source and destination have the same columns and
    /// indexes and the destination is empty with no triggers, so SQLite moves the records
    /// without decoding them (its "transfer optimisation"); the full-text index is copied
    /// through its shadow tables the same way instead of being tokenised a second time.
    private func merge(_ db: Database) throws {
        guard let worker else { return }
        try worker.join()
        if let time = worker.time { phaseTimes.append(time) }
        try db.execute(sql: "ATTACH DATABASE ? AS side", arguments: [worker.path])
        defer { try? db.execute(sql: "DETACH DATABASE side") }
        let shadows = try String.fetchAll(db, sql: """
            SELECT name FROM side.sqlite_master WHERE type = 'table' AND name LIKE 'ticket\\_search\\_%' ESCAPE '\\'
            """)
        try db.inTransaction(.exclusive) {
            for table in BulkSeeder.ticketTables {
                try db.execute(sql: "INSERT INTO main.\(table) SELECT * FROM side.\(table)")
            }
            for table in shadows {
                try db.execute(sql: "DELETE FROM main.\(table)")
                try db.execute(sql: "INSERT INTO main.\(table) SELECT * FROM side.\(table)")
            }
            try SeedConnection.advance(db, to: .ticketIndexes)
            return .commit
        }
        try db.execute(sql: "DETACH DATABASE side")
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: worker.path + suffix) }
    }

    /// Planner statistics, the heavy accounts for the benchmarks, the audit record, and the
    /// marks that make the file a finished demo database (so `--as` works on it).
    private func finish(_ db: Database, _ rows: SeedRows<BulkStatement>) throws {
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
            try SeedConnection.advance(db, to: .complete)
            return .commit
        }
    }
}
