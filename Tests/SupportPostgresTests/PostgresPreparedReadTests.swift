import Foundation
import GRDB
import SupportCore
@testable import SupportPostgres
@testable import SupportStore
import Testing

/// A read's queries run as statements prepared once per connection, by their text
/// (`PreparedStatements`, `PreparedQueries` on postgres-nio's connections; `WirePooledConnection`
/// on the direct client's): every test runs both ways (`direct_reads`). What the server
/// holds is read from `pg_prepared_statements` on the reads' one connection, by a
/// statement that is not kept: the second run of a read is the first statement's second
/// execution, not a second statement; the cache keeps at most its capacity, the least
/// recently used let go; a statement the server lost (`DEALLOCATE ALL`) or whose result
/// changed shape (`ALTER TABLE`) is prepared again and the read runs once more, in a new
/// transaction; and the pages are the same as the unprepared path's over random filters.
@Suite struct PostgresPreparedReadTests {
    /// Runs `sql` on the connection the engine's reads use: the direct client's, as a
    /// statement it does not keep, or postgres-nio's one connection, through a write (whose
    /// statements go to the writes' own cache; `held` leaves out its own).
    static func onReadsConnection(_ engine: PostgresEngine, _ sql: String) throws -> [Row] {
        try onReadsConnection(engine) { run in try run(sql, []) }
    }

    /// `body` runs statements (`?` placeholders) in one transaction on the reads' connection,
    /// none of them kept in the reads' cache.
    static func onReadsConnection<T>(_ engine: PostgresEngine,
                                     _ body: (_ run: (String, SQLArguments) throws -> [Row]) throws -> T) throws -> T {
        guard let reads = engine.wireReads else { return try engine.writing { session in try body { try session.fetchRows($0, $1) } } }
        return try reads.withConnection { connection in
            func run(_ sql: String, _ arguments: SQLArguments) throws -> [Row] {
                let statement = try connection.wire.prepare(PostgresSession.numbered(sql, typed: arguments), as: "")
                var rows: [Row] = []
                try connection.wire.execute(statement, parameters: arguments.map(WireSession.text)) { values in
                    var columns: [String: (any DatabaseValueConvertible)?] = [:]
                    for (column, value) in zip(statement.columns, values) { columns[column.name] = value }
                    rows.append(Row(columns))
                }
                return rows
            }
            _ = try run("BEGIN", [])
            do {
                let value = try body(run)
                _ = try run("COMMIT", [])
                return value
            } catch {
                _ = try? run("ROLLBACK", [])
                throw error
            }
        }
    }

    /// The statements the reads' connection holds, by their text (placeholders numbered
    /// and cast to their values' types), with how often each statement of that text ran.
    /// Only texts `keeping` takes: opening the engine reads (and prepares) too. The
    /// question's own statement is left out (through a write, the writes' cache keeps it).
    static func held(_ engine: PostgresEngine, _ keeping: (String) -> Bool = { _ in true }) throws -> [String: [Int64]] {
        let rows = try onReadsConnection(engine, """
            SELECT statement, generic_plans + custom_plans AS runs FROM pg_prepared_statements
            """)
        var held: [String: [Int64]] = [:]
        for row in rows {
            let statement: String = row["statement"]
            held[statement, default: []].append(row["runs"])
        }
        return held.filter { keeping($0.key) && !$0.key.contains("pg_prepared_statements") }.mapValues { $0.sorted() }
    }

    static func withEngine(statementsKept: Int = 64, direct: Bool = true, _ body: (PostgresEngine) throws -> Void) async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        var location = demo.location
        location.directReads = direct
        location.directWrites = direct
        // One connection (each way), so every read goes through the same backend.
        let engine = try await PostgresEngine.open(location, auditKeyPath: demo.keyPath, maximumConnections: 1,
                                                   statementsKept: statementsKept, clock: { EngineParityTests.now })
        let outcome = Result { () throws -> Void in
            #expect((engine.wireReads != nil) == direct)
            #expect((engine.wireWrites != nil) == direct)
            try body(engine)
        }
        await engine.close()
        try outcome.get()
    }

    @Test(arguments: [true, false]) func aRepeatedReadRunsTheStatementItPreparedTheFirstTime(direct: Bool) async throws {
        try await Self.withEngine(direct: direct) { (engine: PostgresEngine) throws in
            let sql = "SELECT id, subject FROM tickets WHERE id > ? ORDER BY id LIMIT ?"
            let numbered = "SELECT id, subject FROM tickets WHERE id > $1::int8 ORDER BY id LIMIT $2::int8"
            let withNull = "SELECT id, subject FROM tickets WHERE id > $1 ORDER BY id LIMIT $2::int8"
            let first = try engine.reading { try $0.fetchColumn(sql, [0, 3]) }
            #expect(first.count == 3)
            #expect(try Self.held(engine, { $0 == numbered }) == [numbered: [1]])
            // In a transaction, alone, with other values: the same statement, run again.
            _ = try engine.reading { try $0.fetchColumn(sql, [first[0], 3]) }
            _ = try engine.readingOneStatement { try $0.fetchColumn(sql, [first[1], 2]) }
            #expect(try Self.held(engine, { $0 == numbered }) == [numbered: [3]])
            // A NULL is bound untyped, so it is a statement of its own; so is one planned
            // under another setting.
            _ = try engine.reading { try $0.fetchColumn(sql, [nil, 3]) }
            _ = try engine.reading { session in
                try session.setLocal("enable_sort = off")
                return try session.fetchColumn(sql, [0, 3])
            }
            #expect(try Self.held(engine, { $0.contains("FROM tickets") }) == [numbered: [1, 3], withNull: [1]])
            // A write keeps its statement apart, in the writes' cache: the reads' statements
            // are not the ones it runs (on postgres-nio's one connection, both are held).
            _ = try engine.writing { try $0.fetchColumn(sql, [0, 1]) }
            #expect(try Self.held(engine, { $0.contains("FROM tickets") }) == (direct ? [numbered: [1, 3], withNull: [1]]
                                                                                     : [numbered: [1, 1, 3], withNull: [1]]))
            let writes = try engine.writing { try $0.fetchColumn("SELECT statement FROM pg_prepared_statements", []) }
            #expect(Set(writes.compactMap(String.fromDatabaseValue).filter { $0.contains("FROM tickets") }) == [numbered, withNull].filter { !direct || $0 == numbered }.asSet)
        }
    }

    @Test(arguments: [true, false]) func theCacheKeepsItsCapacityLettingTheLeastRecentlyUsedGo(direct: Bool) async throws {
        try await Self.withEngine(statementsKept: 3, direct: direct) { (engine: PostgresEngine) throws in
            func read(_ n: Int) throws { _ = try engine.readingOneStatement { try $0.fetchColumn("SELECT ? + \(n) AS n", [1]) } }
            for n in 0..<8 { try read(n) }
            #expect(Set(try Self.held(engine).keys) == [5, 6, 7].map { "SELECT $1::int8 + \($0) AS n" }.asSet)
            try read(5)          // used: 6 is now the least recent
            try read(1)
            #expect(try Self.held(engine) == ["SELECT $1::int8 + 5 AS n": [2], "SELECT $1::int8 + 7 AS n": [1],
                                              "SELECT $1::int8 + 1 AS n": [1]])
        }
    }

    @Test(arguments: [true, false]) func aStatementTheServerLostOrWhoseResultChangedIsPreparedAgain(direct: Bool) async throws {
        try await Self.withEngine(direct: direct) { (engine: PostgresEngine) throws in
            _ = try engine.writing { session in
                try session.run("CREATE TABLE probe (a bigint)", [])
                try session.run("INSERT INTO probe (a) VALUES (1)", [])
            }
            var runs = 0
            func read() throws -> [Row] {
                try engine.reading { session in
                    runs += 1
                    _ = try session.fetchColumn("SELECT 1 AS one", [])
                    return try session.fetchRows("SELECT * FROM probe ORDER BY a", [])
                }
            }
            #expect(try read().map { Set($0.columnNames) } == [["a"]])
            #expect(runs == 1)
            // The prepared `SELECT *` would now give two columns: PostgreSQL refuses to
            // run it ("cached plan must not change result type"); the read runs again.
            _ = try engine.writing { try $0.run("ALTER TABLE probe ADD COLUMN b text DEFAULT 'x'", []) }
            let after = try read()
            #expect(after.map { Set($0.columnNames) } == [["a", "b"]])
            #expect(after.first?["b"] as String? == "x")
            #expect(runs == 3)
            #expect(try Self.held(engine)["SELECT * FROM probe ORDER BY a"] == [1])
            _ = try read()
            #expect(runs == 4)

            // Every statement dropped on the server: each read prepares what it needs again.
            _ = try Self.onReadsConnection(engine, "DEALLOCATE ALL")
            #expect(try Self.held(engine).isEmpty)
            #expect(try read().count == 1)
            #expect(runs == 6)
            #expect(try Self.held(engine) == ["SELECT 1 AS one": [1], "SELECT * FROM probe ORDER BY a": [1]])
            _ = try engine.readingOneStatement { try $0.fetchColumn("SELECT 1 AS one", []) }
            #expect(try Self.held(engine)["SELECT 1 AS one"] == [2])
        }
    }

    @Test(arguments: [true, false]) func aStatementTheServerRefusesToPrepareIsNotKept(direct: Bool) async throws {
        try await Self.withEngine(direct: direct) { (engine: PostgresEngine) throws in
            #expect(throws: StoreError.self) { try engine.reading { try $0.fetchColumn("SELECT no_such_column FROM tickets", []) } }
            #expect(try Self.held(engine, { $0.contains("no_such_column") }).isEmpty)
            // The connection is fit for the next read, which prepares its own statement.
            #expect(try engine.reading { try $0.fetchValue("SELECT 2 AS two", as: Int.self) } == 2)
            #expect(try Self.held(engine, { $0.contains("two") }) == ["SELECT 2 AS two": [1]])
        }
    }

    /// A customer's transactions are planned for the customer on every run (a plan kept
    /// for any customer read the heaviest account's matches whole and sorted them at 10M);
    /// the queue's unfiltered pages may keep one plan, and do once PostgreSQL finds it no
    /// dearer than planning each run; a pinned view's pages and the unfiltered header's
    /// counts keep one always.
    @Test(arguments: [true, false]) func transactionsArePlannedForTheirValuesAndQueuePagesMayKeepOnePlan(direct: Bool) async throws {
        try await Self.withEngine(direct: direct) { (engine: PostgresEngine) throws in
            let customer = try #require(try engine.readingOneStatement { db in
                try db.fetchValue("SELECT customer_id FROM transactions GROUP BY customer_id ORDER BY COUNT(*) DESC LIMIT 1", as: Int64.self)
            })
            let query = try QueryParser.parse("type:payment,qr_payment status:success", schema: .transactions, now: EngineParityTests.now)
            for _ in 0..<8 { _ = try engine.transactions(customerId: customer, query: query, limit: 5) }
            let sari = try #require(try engine.agent(login: "sari"))
            for _ in 0..<8 { _ = try engine.queuePage(QueueSpec(view: .all, sort: .slaDue, actor: sari), limit: 5) }
            for _ in 0..<8 { _ = try engine.queuePage(QueueSpec(view: .unassigned, sort: .priority, actor: sari), limit: 5) }
            let prio = try QueryParser.parse("prio:p1", schema: .tickets, now: EngineParityTests.now)
            for _ in 0..<3 { _ = try engine.queueCounts(for: sari); _ = try engine.queueCounts(for: sari, query: prio) }
            let plans = try Self.onReadsConnection(engine, "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
            let transactions = plans.filter { ($0["statement"] as String).contains("FROM transactions x") }
            #expect(transactions.map { [$0["generic_plans"] as Int64, $0["custom_plans"] as Int64] } == [[0, 8]])
            let pages = plans.filter { ($0["statement"] as String).hasPrefix("SELECT t.id") }
            let all = pages.filter { !($0["statement"] as String).contains("assignee_id IS NULL") }
            #expect(all.map { ($0["generic_plans"] as Int64) + ($0["custom_plans"] as Int64) } == [8])
            #expect(all.allSatisfy { ($0["generic_plans"] as Int64) > 0 }, "\(all)")
            // A pinned view's page (Unassigned) keeps one plan from its first run.
            let pinned = pages.filter { ($0["statement"] as String).contains("assignee_id IS NULL") }
            #expect(pinned.map { [$0["generic_plans"] as Int64, $0["custom_plans"] as Int64] } == [[8, 0]])
            // The header's counts: unfiltered, one plan from the first run; filtered, planned
            // for the filter's values each time.
            let counts = plans.filter { ($0["statement"] as String).hasPrefix("SELECT (SELECT COUNT(*)") }
                .map { [$0["generic_plans"] as Int64, $0["custom_plans"] as Int64] }
            #expect(counts.sorted { $0[0] > $1[0] } == [[3, 0], [0, 3]])
        }
    }

    /// Random filters on the busiest customers' transactions and on the queue, paged both
    /// ways and totalled, read through an engine that prepares nothing and through one that
    /// prepares (three times, on one connection, so its statements run past the five custom
    /// plans after which PostgreSQL may keep a generic one): the same outcomes, line for line.
    @Test(arguments: [true, false]) func preparedPagesEqualUnpreparedOnesOverRandomFilters(direct: Bool) async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        var location = demo.location
        location.directReads = direct
        location.directWrites = direct
        let plain = try await PostgresEngine.open(location, auditKeyPath: demo.keyPath, maximumConnections: 1,
                                                  statementsKept: 0, clock: { EngineParityTests.now })
        // Room for every statement of the script, which runs some 700 in a cycle (the
        // least recently used would be the next one needed every time).
        let prepared = try await PostgresEngine.open(location, auditKeyPath: demo.keyPath, maximumConnections: 1,
                                                     statementsKept: 2_000, clock: { EngineParityTests.now })
        let outcome = Result { () throws -> Void in
            var random = SplitMix64(seed: 19)   // the same filters on every run, so a failure can be replayed
            let filters = (0..<24).map { _ in Self.randomFilter(&random) }
            let unprepared = try Self.script(plain, filters: filters)
            let cold = try Self.script(prepared, filters: filters)
            let warm = try Self.script(prepared, filters: filters)
            let warmer = try Self.script(prepared, filters: filters)
            EngineParityTests.expectSame(unprepared, cold)
            EngineParityTests.expectSame(unprepared, warm)
            EngineParityTests.expectSame(unprepared, warmer)
            #expect(unprepared.filter { $0.hasSuffix(" → []") }.count < unprepared.count / 2, "most pages were empty")
            let plans = try #require(try Self.onReadsConnection(prepared, """
                SELECT COUNT(*) FILTER (WHERE generic_plans + custom_plans > 5) AS past, SUM(generic_plans) AS generic
                FROM pg_prepared_statements
                """).first)
            #expect((plans["past"] as Int64) > 20 && (plans["generic"] as Int64) > 0, "\(plans)")
        }
        await plain.close()
        await prepared.close()
        try outcome.get()
    }

    static func randomFilter(_ random: inout SplitMix64) -> String {
        var terms: [String] = []
        let types = TransactionType.allCases.map(\.rawValue)
        if Bool.random(using: &random) { terms.append("type:" + types.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random)).joined(separator: ",")) }
        if Bool.random(using: &random) { terms.append("status:" + TransactionStatus.allCases.randomElement(using: &random)!.rawValue) }
        switch Int.random(in: 0..<4, using: &random) {
        case 0: terms.append("amount:>=\(Int.random(in: 1...200, using: &random) * 1000)")
        case 1: terms.append("amount:\(Int.random(in: 1...50, using: &random) * 1000)..\(Int.random(in: 60...900, using: &random) * 1000)")
        default: break
        }
        if Bool.random(using: &random) { terms.append("date:2026-0\(Int.random(in: 1...5, using: &random))-01..2026-12-31") }
        if Int.random(in: 0..<4, using: &random) == 0 { terms.append("-type:" + types.randomElement(using: &random)!) }
        return terms.joined(separator: " ")
    }

    static func script(_ e: PostgresEngine, filters: [String]) throws -> [String] {
        var log: [String] = []
        func step<T: Encodable>(_ name: String, _ body: () throws -> T) { log.append(name + " → " + EngineParityTests.outcome(body)) }
        let customers = try e.readingOneStatement { db in
            try db.fetchColumn("SELECT customer_id FROM transactions GROUP BY customer_id ORDER BY COUNT(*) DESC, customer_id LIMIT 2", [])
                .compactMap(Int64.fromDatabaseValue)
        }
        for customer in customers {
            for text in filters {
                let query = try QueryParser.parse(text, schema: .transactions, now: EngineParityTests.now)
                let first = try e.transactions(customerId: customer, query: query, limit: 5)
                step("\(customer) \(text): first") { first }
                step("\(customer) \(text): next") { try e.transactions(customerId: customer, query: query, after: first.last, limit: 5) }
                step("\(customer) \(text): back") { try e.transactions(customerId: customer, query: query, before: first.last, limit: 5) }
                step("\(customer) \(text): oldest") { try e.oldestTransactions(customerId: customer, query: query, limit: 5) }
                e.noteChangeElsewhere()   // the totals are read, not remembered
                step("\(customer) \(text): totals") { try e.transactionTotals(customerId: customer, query: query) }
            }
        }
        let sari = try #require(try e.agent(login: "sari"))
        for text in ["", "prio:p1,p2", "cat:payment"] {
            let query = try QueryParser.parse(text, schema: .tickets, now: EngineParityTests.now)
            step("counts \(text)") { try e.queueCounts(for: sari, query: query).sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" } }
            for view in QueueView.allCases {
                for sort in QueueSort.allCases {
                    let spec = QueueSpec(view: view, query: query, sort: sort, actor: sari)
                    let first = try e.queuePage(spec, limit: 4)
                    step("\(view) \(sort) \(text): first") { first }
                    step("\(view) \(sort) \(text): next") { try e.queuePage(spec, after: first.last, limit: 4) }
                    step("\(view) \(sort) \(text): back") { try e.queuePage(spec, before: first.last, limit: 4) }
                    step("\(view) \(sort) \(text): End") { try e.queueLastPage(spec, limit: 4) }
                }
            }
        }
        return log
    }
}

private extension Array where Element: Hashable {
    var asSet: Set<Element> { Set(self) }
}
