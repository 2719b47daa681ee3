import Foundation
import SupportPostgres

/// `bench-postgres --floor`: the floor under a read on this client path, piece by piece
/// (`ReadFloorProbe`), beside psql's own `\timing` of `SELECT 1` and of the page.
struct ReadFloor {
    let engine: PostgresEngine
    let runs: Int

    func run(page sql: String, read: () throws -> Void, psql: (String) throws -> Double) throws {
        print("  the read's floor (medians of \(runs) runs, ms):")
        let probe = ReadFloorProbe(engine: engine, runs: runs)
        for line in try probe.run(page: sql) + probe.selectOneWaits() + probe.pageWaits(read) {
            print(String(format: "    %@ %.3f", line.name, line.milliseconds) + (line.note.isEmpty ? "" : " (\(line.note))"))
        }
        print(String(format: "    psql: SELECT 1 %.3f · the page %.3f", try psql("SELECT 1"), try psql(sql)))
    }
}
