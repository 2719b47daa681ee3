import Foundation
import SupportAPI
import SupportCore
import SupportPostgres
import SupportStore

/// Where a filter's first page spends its time, piece by piece (`bench-postgres
/// --breakdown`): in this process, the floor of a read on this client path and the page's
/// statement with its rows left undecoded, beside the decoded page; and, for the service,
/// each piece a request adds to the page, timed on its own here — the caller resolved
/// from the database, the request's body decoded, the reply's rows encoded, and the
/// client decoding them. Medians in ms, after one warm-up each.
struct FilterBreakdown {
    let engine: PostgresEngine
    let customerId: Int64
    let runs: Int

    /// Median wall time of `runs` calls, after one warm-up call.
    func time(_ body: () throws -> Void) rethrows -> Double {
        try body()
        return try BenchCommand.time(runs, body).p50
    }

    func run(_ query: Query, sql inlined: String) throws {
        var rows: [Transaction] = []
        let floor = try time { _ = try engine.reading { try $0.fetchColumn("SELECT 1", []) } }
        let undecoded = try time { _ = try engine.reading { try $0.fetchColumn(inlined, []) } }
        let page = try time { rows = try engine.transactions(customerId: customerId, query: query) }
        print(String(format: "    in process: a read of SELECT 1 %.3f · the page's statement, one column kept %.3f · the page, decoded %.3f",
                     floor, undecoded, page))
        let request = TransactionsRequest(customerId: customerId, query: query, after: nil, before: nil, limit: 100)
        let body = try WireJSON.encoder().encode(request)
        let actor = try time { _ = try engine.resolveActor(caller: "root", asLogin: "sari") }
        let decodeRequest = try time { _ = try RequestDecoding.decode(TransactionsRequest.self, from: body) }
        var reply = Data()
        // As the service writes the reply and the client reads it: by hand, the encoder and
        // decoder taking over a page they leave.
        let encode = try time { reply = try TransactionRowsJSON.encode(rows) ?? WireJSON.encoder().encode(rows) }
        let decode = try time {
            if TransactionRowsJSONReader.decode(reply) == nil { _ = try WireJSON.decoder().decode([Transaction].self, from: reply) }
        }
        print(String(format: "    the service's pieces: caller resolved %.3f · request decoded %.3f · %d rows encoded %.3f (%d bytes) · decoded by the client %.3f",
                     actor, decodeRequest, rows.count, encode, reply.count, decode))
    }
}
