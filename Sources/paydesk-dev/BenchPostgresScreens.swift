import AgentConsole
import Foundation
import SupportCore
import SupportStore

/// `paydesk-dev bench-postgres --screens`: what the console's queue asks the store for,
/// on PostgreSQL, in process — every view's header counts, and for each view and sort
/// the first page, the next page and End — beside the same calls on a SQLite file of the
/// same seed (`--sqlite`), so "within issue 14's targets" is read off one table. Medians
/// and p99 in ms; prints numbers only.
struct PostgresScreens {
    let postgres: any StoreEngine
    let sqlite: (any StoreEngine)?
    let login: String
    let runs: Int

    func run() throws {
        guard let actor = try postgres.agent(login: login) else { throw CommandFailure.usage("no agent '\(login)' in the database") }
        print("queue screens for \(login) (\(actor.role.rawValue)); \(runs) runs each; p50 / p99 in ms")
        print(pad("row", 34) + pad("PostgreSQL", 20) + (sqlite == nil ? "" : "SQLite"))
        try row("header counts (all views)") { try $0.queueCounts(for: actor) }
        for view in QueueView.allCases {
            for sort in QueueSort.allCases {
                let spec = QueueSpec(view: view, sort: sort, actor: actor)
                try row("\(view.rawValue) by \(sort.rawValue): first page") { try $0.queuePage(spec, limit: 100) }
                try row("\(view.rawValue) by \(sort.rawValue): next page") { engine in
                    let first = try engine.queuePage(spec, limit: 100)
                    return try engine.queuePage(spec, after: first.last, limit: 100)
                }
                try row("\(view.rawValue) by \(sort.rawValue): End") { try $0.queueLastPage(spec, limit: 100) }
            }
        }
    }

    /// Times `body` on each store; "next page" includes its first page, as the console
    /// holds the first page already — the difference is what the key costs.
    private func row<T>(_ name: String, _ body: (any StoreEngine) throws -> T) throws {
        var line = pad(name, 34)
        for engine in [postgres] + (sqlite.map { [$0] } ?? []) {
            _ = try body(engine)
            let timing = try BenchCommand.time(runs) { _ = try body(engine) }
            line += pad(String(format: "%.2f / %.2f", timing.p50, timing.p99), 20)
        }
        print(line)
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
