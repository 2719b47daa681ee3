import Foundation
import GRDB
import SupportStore

/// Progress from both loading threads, merged into one report for the bar. The lock
/// also serialises calls to the caller's callback, which therefore need not be Sendable.
final class ProgressHub: @unchecked Sendable {
    private let lock = NSLock()
    private let callback: (SeedProgress) -> Void
    private let started = Date()
    private let estimatedRows: Int
    private var rows = 0
    private var phase = "base"
    private var ticketsRunning = false
    private var step: (done: Int, total: Int)?

    init(options: SeedOptions, callback: @escaping (SeedProgress) -> Void) {
        self.callback = callback
        // About 9.5 rows per customer (devices, logins) and 7.3 per ticket (events, search, tags).
        estimatedRows = options.customers * 19 / 2 + options.transactions + options.tickets * 73 / 10
    }

    var insertedRows: Int { lock.withLock { rows } }

    func add(_ n: Int) {
        lock.withLock {
            rows += n
            emit()
        }
    }

    func enter(_ phase: SeedPhase) {
        lock.withLock {
            self.phase = phase.rawValue
            step = nil
            emit()
        }
    }

    func tickets(running: Bool) {
        lock.withLock {
            ticketsRunning = running
            emit()
        }
    }

    /// For phases counted in steps (indexes built) rather than rows.
    func step(_ done: Int, of total: Int) {
        lock.withLock {
            step = (done, total)
            emit()
        }
    }

    private func emit() {
        let label = ticketsRunning && phase != SeedPhase.tickets.rawValue ? phase + "+tickets" : phase
        let (done, total) = step ?? (min(rows, estimatedRows), estimatedRows)
        callback(SeedProgress(phase: label, done: done, total: total, rows: rows, elapsed: Date().timeIntervalSince(started)))
    }
}

/// Writes the tickets and their timelines into a side file on a second thread while the
/// main thread writes customers and transactions: SQLite allows one writer per file, not
/// one per process, so two files keep both cores busy. The main load then copies the
/// side file's tables in with SQLite's page-level transfer and deletes it.
final class TicketWorker: @unchecked Sendable {
    let path: String
    private let options: SeedOptions
    private let owners: [SeedOwner]
    private let hub: ProgressHub
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var failure: Error?
    private var stopRequested = false
    private(set) var time: SeedPhaseTime?

    init(path: String, options: SeedOptions, owners: [SeedOwner], hub: ProgressHub) {
        self.path = path
        self.options = options
        self.owners = owners
        self.hub = hub
    }

    func start() {
        hub.tickets(running: true)
        let thread = Thread { [self] in
            do { try run() } catch { lock.withLock { failure = error } }
            hub.tickets(running: false)
            finished.signal()
        }
        thread.name = "paydesk-seed-tickets"
        thread.start()
    }

    /// Waits for the side file to be complete; rethrows what stopped it.
    func join() throws {
        finished.wait()
        finished.signal()   // later joins return at once
        if let failure = lock.withLock({ failure }) { throw failure }
    }

    /// Asks the worker to stop after its current chunk (the main load failed).
    func stop() {
        lock.withLock { stopRequested = true }
    }

    private var shouldStop: Bool { lock.withLock { stopRequested } }

    private func run() throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: path), (try? BulkSeeder.inspect(path: path))??.options != options {
            // Left from a load with other options (or unreadable): it holds nothing we can use.
            for suffix in ["", "-journal", "-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) }
        }
        if !fm.fileExists(atPath: path) {
            let store = try SupportStore(path: path, create: true, clock: { Date(epoch: self.options.now) })
            try store.seedDefaults()   // the SLA policies and holidays the ticket clocks read
        }
        let connection = try SeedConnection(path: path)
        defer { try? connection.queue.close() }
        try connection.queue.inDatabase { db in
            while true {
                switch try SeedConnection.phase(db) {
                case .base:
                    try db.inTransaction(.exclusive) {
                        try SeedMeta.set(db, SeedMeta.options, options.encoded)
                        // Same indexes as the main file's ticket tables, so the copy can move pages as they are.
                        _ = try SeedConnection.setAside(db, tables: BulkSeeder.ticketTables, keepIndexes: false)
                        try SeedConnection.advance(db, to: .tickets)
                        return .commit
                    }
                case .tickets:
                    let clock = PhaseClock()
                    let writer = try SeedTickets(db, options: options, owners: owners)
                    var written = 0
                    writer.counter.onRows = { [hub] in hub.add($0); written += $0 }
                    try SeedConnection.chunks(db, from: try SeedConnection.next(db), count: options.tickets,
                                              size: BulkSeeder.chunk(options.tickets, atMost: BulkSeeder.ticketChunk), then: .complete, counter: writer.counter,
                                              stop: { _ in shouldStop }) { try writer.tickets($0, chunk: $1) }
                    time = clock.stop(SeedPhase.tickets.rawValue, rows: written)
                default:
                    return
                }
            }
        }
    }
}
