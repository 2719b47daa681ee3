import Foundation
import SupportPostgres

/// `bench-postgres --floor`: the floor under a read on this client path, piece by piece
/// (`ReadFloorProbe`), beside psql's own `\timing` of `SELECT 1` and of the page.
struct ReadFloor {
    let engine: PostgresEngine
    let runs: Int

    func run(page sql: String, psql: (String) throws -> Double) throws {
        print("  the read's floor (medians of \(runs) runs, ms):")
        for line in try ReadFloorProbe(engine: engine, runs: runs).run(page: sql) {
            print(String(format: "    %@ %.3f", line.name, line.milliseconds) + (line.note.isEmpty ? "" : " (\(line.note))"))
        }
        print(String(format: "    psql: SELECT 1 %.3f · the page %.3f", try psql("SELECT 1"), try psql(sql)))
    }
}
