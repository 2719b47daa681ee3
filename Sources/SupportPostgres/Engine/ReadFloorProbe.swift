import Foundation
import GRDB
import NIOCore
import PostgresNIO
import SupportStore

/// The floor under a read, measured piece by piece on one of the engine's own connections
/// (`paydesk-dev bench-postgres --floor`): `SELECT 1` waited for as the store waits today,
/// waited for by watching (`ReadWait`) for longer and longer, and run from the connection's
/// own event loop (no thread but the loop's: the least postgres-nio can take); the prepared
/// path's `SELECT 1`; and a page's 100 rows decoded, the general way and by column kind.
/// Medians in ms. It answers what the engine could gain, not what it does.
public struct ReadFloorProbe {
    public struct Line: Sendable {
        public let name: String
        public let milliseconds: Double
        public let note: String
    }

    let engine: PostgresEngine
    let runs: Int

    public init(engine: PostgresEngine, runs: Int) {
        self.engine = engine
        self.runs = runs
    }

    /// The store's page read through the engine, waited for each of `ReadWait`'s ways,
    /// taking turns run by run so that the machine's moods fall on all three alike.
    public func pageWaits(_ read: () throws -> Void) throws -> [Line] {
        let modes: [(ReadWait.Mode, String)] = [(.parkedAsNIODoes, "parked as NIO's wait() does (the engine before)"),
                                                (.watchingAlways, "watched up to 150 µs, then parked"),
                                                (.watchingShortAnswers, "watched only if it answered within 150 µs last time (the engine's)")]
        var samples = Array(repeating: [UInt64](), count: modes.count)
        defer { ReadWait.mode = .watchingShortAnswers }
        for run in 0...runs {
            for (index, mode) in modes.enumerated() {
                ReadWait.mode = mode.0
                let start = DispatchTime.now().uptimeNanoseconds
                try read()
                if run > 0 { samples[index].append(DispatchTime.now().uptimeNanoseconds - start) }
            }
        }
        return modes.indices.map { Line(name: "the page through the engine, " + modes[$0].1, milliseconds: Self.median(samples[$0]), note: "") }
    }

    /// `SELECT 1` through the engine, the three ways, taking turns.
    public func selectOneWaits() throws -> [Line] {
        try pageWaits { _ = try engine.readingOneStatement { try $0.fetchColumn("SELECT 1", []) } }.map {
            Line(name: $0.name.replacingOccurrences(of: "the page through", with: "SELECT 1 through"), milliseconds: $0.milliseconds, note: "")
        }
    }

    /// `page`: a statement (without parameters) whose rows to decode.
    public func run(page sql: String) throws -> [Line] {
        let throughTheEngine = try timed { _ = try engine.readingOneStatement { try $0.fetchColumn("SELECT 1", []) } }
        return try engine.connections.withConnection { pooled in
            let connection = pooled.connection
            let one = PostgresQuery(unsafeSQL: "SELECT 1")
            var lines: [Line] = []
            func add(_ name: String, _ samples: [UInt64], _ note: String = "") {
                lines.append(Line(name: name, milliseconds: Self.median(samples), note: note))
            }
            let loop = connection.eventLoop
            let logger = connection.logger
            add("SELECT 1 sent in one task on the loop, NIO's wait() (the engine before)",
                try timed { _ = try loop.flatSubmit { connection.query(one, logger: logger) }.wait() })
            for limit in [0, 50, 100, 150, 200, 400] {
                var caught = 0
                let samples = try timed {
                    if try ReadWait.valueNoting(on: loop, watchingFor: .microseconds(limit), { connection.query(one, logger: logger) }).caught {
                        caught += 1
                    }
                }
                add(limit == 0 ? "SELECT 1, its answer taken on the loop, parked at once"
                               : "SELECT 1, its answer taken on the loop, watched up to \(limit) µs, then parked",
                    samples, limit == 0 ? "" : "answered while watching: \(caught * 100 / (runs + 1)) %")
            }
            var caught = 0
            let spun = try timed {
                if try ReadWait.valueNoting(on: loop, watchingFor: .microseconds(150), yielding: false, { connection.query(one, logger: logger) }).caught {
                    caught += 1
                }
            }
            add("SELECT 1, its answer taken on the loop, watched up to 150 µs without yielding the core", spun,
                "answered while watching: \(caught * 100 / (runs + 1)) %")
            add("SELECT 1, chained on the connection's event loop (no other thread)", try onTheLoop(connection, one))
            let prepared = try connection.prepare(query: "SELECT 1").wait()
            add("SELECT 1 prepared, one task on the loop, NIO's wait() (the engine before)",
                try timed { _ = try loop.flatSubmit { prepared.execute([]) }.wait() })
            add("SELECT 1 prepared, as the engine waits (ReadWait.shared)",
                try timed { _ = try ReadWait.shared.value(on: loop) { prepared.execute([]) } })
            try? prepared.deallocate().wait()
            // A statement's first use on a connection: its Parse answered before its Bind is
            // written (postgres-nio runs one exchange at a time), against the same text run
            // unnamed, Parse and Bind in one exchange. Each run a text of its own.
            var serial = 0
            var made: [PreparedQuery] = []
            add("a statement's first use: prepared, then run (two exchanges)", try timed {
                serial += 1
                let text = "SELECT \(serial) AS n"
                made.append(try ReadWait.valueNoting(on: loop, watchingFor: .zero) {
                    connection.prepare(query: text).flatMap { statement in statement.execute([]).map { _ in statement } }
                }.0)
            })
            for statement in made { try? statement.deallocate().wait() }
            add("the same text run unnamed (one exchange)", try timed {
                serial += 1
                let text = "SELECT \(serial) AS n"
                _ = try ReadWait.valueNoting(on: loop, watchingFor: .zero) { connection.query(PostgresQuery(unsafeSQL: text), logger: logger) }
            })
            add("a read of SELECT 1 through the engine (readingOneStatement)", throughTheEngine)
            // A page's rows, fetched once and decoded again and again.
            let page = PostgresQuery(unsafeSQL: sql)
            let rows = try connection.query(page, logger: connection.logger).wait().rows
            add("the page fetched, undecoded (unnamed statement, parked)", try timed {
                _ = try connection.query(page, logger: connection.logger).wait()
            }, "\(rows.count) rows × \(rows.first?.count ?? 0) columns")
            var values = ContiguousArray<DatabaseValue>()
            add("the page's rows decoded, the general way (postgres-nio's decode per cell)", try timed {
                for row in rows {
                    values.removeAll(keepingCapacity: true)
                    for cell in row { values.append(PostgresSession.value(cell)) }
                }
            })
            add("the page's rows decoded by column kind (ResultColumns)", try timed {
                guard let first = rows.first else { return }
                let columns = ResultColumns(first)
                for row in rows {
                    values.removeAll(keepingCapacity: true)
                    columns.append(row, to: &values)
                }
            })
            return lines
        }
    }

    /// `runs` timings of `body`, in nanoseconds, after one warm-up.
    private func timed(_ body: () throws -> Void) throws -> [UInt64] {
        try body()
        var samples: [UInt64] = []
        samples.reserveCapacity(runs)
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            samples.append(DispatchTime.now().uptimeNanoseconds - start)
        }
        return samples
    }

    /// `runs` queries one after another, each sent from the loop when the one before it is
    /// answered: each is timed on the loop, so no other thread is woken for it.
    private func onTheLoop(_ connection: PostgresConnection, _ query: PostgresQuery) throws -> [UInt64] {
        let total = runs + 1
        let loop = connection.eventLoop
        return try loop.flatSubmit {
            let samples = NIOLoopBoundBox<[UInt64]>([], eventLoop: loop)
            @Sendable func next(_ left: Int) -> EventLoopFuture<Void> {
                guard left > 0 else { return loop.makeSucceededVoidFuture() }
                let start = DispatchTime.now().uptimeNanoseconds
                return connection.query(query, logger: connection.logger).flatMap { _ in
                    if left < total { samples.value.append(DispatchTime.now().uptimeNanoseconds - start) }
                    return next(left - 1)
                }
            }
            return next(total).map { samples.value }
        }.wait()
    }

    static func median(_ samples: [UInt64]) -> Double {
        guard !samples.isEmpty else { return 0 }
        return Double(samples.sorted()[samples.count / 2]) / 1e6
    }
}
