import Foundation
import SupportStore

/// The seed's rows as COPY text, for loading PostgreSQL: the same generators as the
/// SQLite load (`SeedRows`, `SeedTickets`), the same chunks and the same per-chunk random
/// streams, so the same options give the same rows in either store. Each table's text
/// goes to `emit(table, bytes)` in pieces of about a megabyte as it is written; `bytes`
/// is valid only during the call.
public enum SeedCopyRows {
    public struct Table: Sendable {
        public let name: String
        public let columns: [String]
    }

    public static let customerTables = [Table(name: "customers", columns: SeedColumns.customers),
                                        Table(name: "devices", columns: SeedColumns.devices),
                                        Table(name: "login_events", columns: SeedColumns.loginEvents)]
    public static let transactionTables = [Table(name: "transactions", columns: SeedColumns.transactions)]
    public static let ticketTables = [Table(name: "tickets", columns: SeedColumns.tickets),
                                      Table(name: "ticket_events", columns: SeedColumns.ticketEvents),
                                      Table(name: "ticket_tags", columns: SeedColumns.ticketTags),
                                      Table(name: "ticket_pauses", columns: SeedColumns.ticketPauses),
                                      Table(name: "ticket_search", columns: SeedColumns.ticketSearch)]

    public typealias Emit = (_ table: Int, _ bytes: UnsafeRawBufferPointer) throws -> Void

    /// Customers with their devices and logins; returns the rows written per table.
    public static func customers(_ options: SeedOptions, emit: @escaping Emit) throws -> [Int] {
        let sinks = makeSinks(customerTables, emit: emit)
        let rows = SeedRows(options: options, customer: sinks[0], device: sinks[1], login: sinks[2], transaction: sinks[0])
        try chunks(options.customers, atMost: BulkSeeder.customerChunk) { try rows.customers($0, chunk: $1) }
        return try finish(sinks)
    }

    public static func transactions(_ options: SeedOptions, emit: @escaping Emit) throws -> [Int] {
        let sinks = makeSinks(transactionTables, emit: emit)
        let rows = SeedRows(options: options, customer: sinks[0], device: sinks[0], login: sinks[0], transaction: sinks[0])
        try chunks(options.transactions, atMost: BulkSeeder.transactionChunk) { try rows.transactions($0, chunk: $1) }
        return try finish(sinks)
    }

    /// Tickets with their timelines, tags, pauses and search rows.
    public static func tickets(_ options: SeedOptions, context: SeedTicketContext, emit: @escaping Emit) throws -> [Int] {
        let s = makeSinks(ticketTables, emit: emit)
        let writer = SeedTickets(options: options, owners: context.owners, policies: context.policies, calendar: context.calendar,
                                 ticket: s[0], event: s[1], tag: s[2], pause: s[3], search: s[4])
        try chunks(options.tickets, atMost: BulkSeeder.ticketChunk) { try writer.tickets($0, chunk: $1) }
        return try finish(s)
    }

    private static func makeSinks(_ tables: [Table], emit: @escaping Emit) -> [CopyTextSink] {
        tables.enumerated().map { index, table in
            let sink = CopyTextSink(columns: table.columns.count)
            sink.onFull = { try emit(index, $0) }
            return sink
        }
    }

    private static func finish(_ sinks: [CopyTextSink]) throws -> [Int] {
        for sink in sinks { try sink.flush() }
        return sinks.map(\.rows)
    }

    /// The SQLite load's chunking (`SeedConnection.chunks` from the start): chunk `k`
    /// covers the same items and draws from the same generator in both stores.
    private static func chunks(_ count: Int, atMost limit: Int, _ body: (Range<Int>, Int) throws -> Void) throws {
        let size = BulkSeeder.chunk(count, atMost: limit)
        var lo = 0
        while lo < count {
            let hi = min(count, lo + size)
            try body(lo..<hi, lo / size)
            lo = hi
        }
    }
}
