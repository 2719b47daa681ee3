import Foundation
import Logging
import PostgresNIO
import SupportCore
import SupportPostgres
import SupportStore

/// `paydesk-dev seed --store postgresql://…`: the scale dataset of the SQLite seed, made by
/// the same generators, written straight into PostgreSQL with `COPY … FROM STDIN`.
///
/// Speed: the secondary indexes and the foreign keys touching the seeded tables are set
/// aside first (their definitions kept in `meta`) and built after the load, by sorting,
/// instead of row by row; each table is copied in one transaction that first empties it
/// (`TRUNCATE`, so on a cluster with `wal_level = minimal` PostgreSQL writes the table
/// without WAL) with its triggers off (the running totals are computed once afterwards);
/// the tables of one phase copy at once, one connection each, fed by one generator thread.
///
/// Safety: each phase commits as a whole and records the next one in `meta`; after an
/// interruption the same command starts again at the phase that did not finish (its
/// tables are emptied first). The audit chain gets the seed's record last.
public struct PostgresSeeder {
    public struct Phase: Sendable, Codable {
        public var phase: String
        public var rows: Int
        public var seconds: Double
    }

    public struct Summary: Sendable, Codable {
        public var options: SeedOptions
        public var rows: [String: Int]
        public var phases: [Phase]
        public var seconds: Double
        public var alreadyComplete: Bool
        /// Transactions over the wall time of their own COPY phase.
        public var transactionsPerSecond: Double {
            guard let p = phases.first(where: { $0.phase == "transactions" }), p.seconds > 0 else { return 0 }
            return Double(p.rows) / p.seconds
        }
    }

    static let seededTables = (SeedCopyRows.customerTables + SeedCopyRows.transactionTables + SeedCopyRows.ticketTables).map(\.name)
    static let order = ["base", "customers", "transactions", "tickets", "indexes", "finish", "complete"]

    let engine: PostgresEngine
    let pool: PostgresPool
    let options: SeedOptions
    let log: @Sendable (String) -> Void

    /// Seeds the database at `location` (created empty beforehand), signing the seed's audit
    /// record with the key at `auditKeyPath` (made there when missing).
    public static func seed(_ location: PostgresLocation, auditKeyPath: String, options: SeedOptions,
                            log: @escaping @Sendable (String) -> Void = { _ in }) async throws -> Summary {
        guard options.customers >= 1, options.tickets >= 0, options.transactions >= 0 else {
            throw StoreError.invalid("--customers must be at least 1; --tickets and --transactions at least 0.")
        }
        if !FileManager.default.fileExists(atPath: auditKeyPath) { try AuditChainHasher.createKeyFile(at: auditKeyPath) }
        let engine = try await PostgresEngine.open(location, auditKeyPath: auditKeyPath, clock: { Date(timeIntervalSince1970: TimeInterval(options.now)) })
        let pool = PostgresPool(location, maximumConnections: SeedCopyRows.ticketTables.count + 1)
        let seeder = PostgresSeeder(engine: engine, pool: pool, options: options, log: log)
        do {
            let summary = try await seeder.run()
            await pool.close()
            await engine.close()
            return summary
        } catch {
            await pool.close()
            await engine.close()
            throw error
        }
    }

    private func run() async throws -> Summary {
        let started = Date()
        var phase = try startingPhase()
        if phase == "complete" {
            return Summary(options: options, rows: try await rowCounts(), phases: [], seconds: 0, alreadyComplete: true)
        }
        var phases: [Phase] = []
        while phase != "complete" {
            let clock = Date()
            log("\(phase)…")
            var rows = 0
            switch phase {
            case "base":
                try engine.writing { session in
                    try SeedBase.insertBase(session, options: options)
                    try PostgresSeedSetAside.setAside(session, tables: Self.seededTables)
                }
            case "customers":
                rows = try await copy(SeedCopyRows.customerTables) { [options] feed in
                    try SeedCopyRows.customers(options, emit: feed.emit)
                }
            case "transactions":
                rows = try await copy(SeedCopyRows.transactionTables) { [options] feed in
                    try SeedCopyRows.transactions(options, emit: feed.emit)
                }
            case "tickets":
                let context = try engine.reading { try SeedBase.ticketContext($0) }
                rows = try await copy(SeedCopyRows.ticketTables) { [options] feed in
                    try SeedCopyRows.tickets(options, context: context, emit: feed.emit)
                }
            case "indexes":
                try await PostgresSeedSetAside.restore(pool, log: log)
                try await PostgresSeedSetAside.rebuildTotals(pool)
                // The first replies and solvers the set-aside trigger would have kept.
                try await pool.execute(PostgresHandlingFactsSchema.backfill)
                try await PostgresSequences.reset(pool)
                try await pool.execute("ANALYZE")
            default:
                // The seed's marks and its audit record, in one transaction.
                try engine.writing { session in
                    try engine.appendAudit(session, AuditAppend(at: options.now, actor: SupportStore.operatingSystemUser,
                                                                action: "seed.generate", entity: "database",
                                                                entityId: pool.location.description, after: options.encoded))
                    try SeedBase.finish(session, options: options)
                }
            }
            let next = Self.order[Self.order.firstIndex(of: phase)! + 1]
            if phase != "finish" { try engine.writing { try SeedBase.setPhase($0, next) } }
            phases.append(Phase(phase: phase, rows: rows, seconds: Date().timeIntervalSince(clock)))
            phase = next
        }
        return Summary(options: options, rows: try await rowCounts(), phases: phases,
                       seconds: Date().timeIntervalSince(started), alreadyComplete: false)
    }

    /// Where to start: the recorded phase of a seed with these options, or the beginning on
    /// a database that holds no customers yet. Anything else is refused untouched.
    private func startingPhase() throws -> String {
        try engine.reading { session in
            if let recorded = try SeedBase.recorded(session) {
                guard recorded.options == options else {
                    throw StoreError.conflict("This database was seeded with \(recorded.options.encoded); "
                                              + "seed into a new database or drop this one first.")
                }
                if recorded.phase != "base" { log("Resuming the seed at the \(recorded.phase) phase.") }
                return recorded.phase
            }
            let customers = try session.fetchValue("SELECT COUNT(*) FROM (SELECT 1 FROM customers LIMIT 1) AS c", as: Int.self) ?? 0
            guard customers == 0 else {
                throw StoreError.conflict("This database already holds customers; seed into a new, empty database.")
            }
            return "base"
        }
    }

    /// Copies one phase's tables at once, each on its own connection in one transaction
    /// that empties the table first and keeps its triggers off; returns the rows copied.
    private func copy(_ tables: [SeedCopyRows.Table],
                      generate: @escaping @Sendable (PostgresSeedFeed) throws -> [Int]) async throws -> Int {
        let feed = PostgresSeedFeed(tables: tables.count)
        let pool = self.pool
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, table) in tables.enumerated() {
                group.addTask {
                    do {
                        try await pool.withTransaction { connection in
                            let name = SQLiteImport.identifier(table.name)
                            try await connection.run(script: """
                                TRUNCATE \(name) RESTART IDENTITY; ALTER TABLE \(name) DISABLE TRIGGER USER
                                """, logger: pool.logger)
                            try await connection.copyFrom(table: table.name, columns: table.columns, logger: pool.logger) { writer in
                                for try await buffer in feed.streams[index] {
                                    try await writer.write(buffer)
                                    feed.sent(index)
                                }
                            }
                            try await connection.query(PostgresQuery(unsafeSQL: "ALTER TABLE \(name) ENABLE TRIGGER USER"),
                                                       logger: pool.logger)
                        }
                    } catch {
                        feed.stop()
                        throw error
                    }
                }
            }
            let rows: [Int]
            do {
                rows = try await feed.start(generate)
            } catch {
                group.cancelAll()
                throw error
            }
            try await group.waitForAll()
            return rows.reduce(0, +)
        }
    }

    private func rowCounts() async throws -> [String: Int] {
        try engine.reading { session in
            var counts: [String: Int] = [:]
            for table in Self.seededTables + ["agents"] {
                counts[table] = try session.fetchValue("SELECT COUNT(*) FROM \(table)", as: Int.self) ?? 0
            }
            return counts
        }
    }
}
