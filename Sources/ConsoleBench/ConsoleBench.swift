import AgentConsole
import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

/// Timings of one kind of frame, in nanoseconds.
public struct FrameTiming: Sendable, Codable {
    public var name: String
    /// Wall time of each sample.
    public var samples: [UInt64]
    /// CPU time of the measuring thread for each sample: what the wall time would be on an
    /// idle machine (less the rare disk wait), since another process's burst shows in the
    /// wall time only.
    public var cpuSamples: [UInt64]

    public init(name: String, samples: [UInt64], cpuSamples: [UInt64] = []) {
        self.name = name
        self.samples = samples
        self.cpuSamples = cpuSamples
    }

    init(name: String, _ pairs: [(wall: UInt64, cpu: UInt64)]) {
        self.init(name: name, samples: pairs.map(\.wall), cpuSamples: pairs.map(\.cpu))
    }

    /// Nearest-rank percentile (p in 0...100) of the wall times, in milliseconds.
    public func percentile(_ p: Double) -> Double { Self.percentile(p, of: samples) }
    public func cpuPercentile(_ p: Double) -> Double { Self.percentile(p, of: cpuSamples) }

    static func percentile(_ p: Double, of samples: [UInt64]) -> Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        let rank = Swift.max(1, Int((p / 100 * Double(sorted.count)).rounded(.up)))
        return Double(sorted[min(sorted.count, rank) - 1]) / 1e6
    }

    public var p50: Double { percentile(50) }
    public var p99: Double { percentile(99) }
    public var max: Double { percentile(100) }
}

/// The console, headless, driven one key at a time the way the real loop is: each timed
/// press is one `EventLoop.step` — the key's update (with whatever it asks the store),
/// the render of the whole screen, and the diff against the previous frame that the
/// ncurses driver would write. Nothing is stubbed: the store is the real one.
public final class ConsoleBench {
    public let loop: EventLoop
    public let terminal: HeadlessTerminal

    public convenience init(store: SupportStore, actor: Agent, width: Int = 200, height: Int = 60) throws {
        try self.init(client: EmbeddedClient(store: store, actingAs: actor.login), actor: actor, width: width, height: height)
    }

    /// Any client: `paydesk-dev bench-service` drives the same console through the service.
    public init(client: SupportClient, actor: Agent, width: Int = 200, height: Int = 60) throws {
        terminal = HeadlessTerminal(width: width, height: height, historyLimit: 2)
        loop = try EventLoop(client: client, actor: actor, terminal: terminal, theme: .defaultDark)
        terminal.present(loop.frame)
    }

    public var probe: BenchProbe { loop.benchProbe }

    /// One event through the loop; returns the wall and CPU time until the frame was presented.
    @discardableResult
    public func send(_ event: Event) -> (wall: UInt64, cpu: UInt64) {
        terminal.enqueue(event)
        let cpu = Self.threadCPU()
        let start = DispatchTime.now().uptimeNanoseconds
        loop.step(timeoutMilliseconds: 0)
        return (DispatchTime.now().uptimeNanoseconds - start, Self.threadCPU() - cpu)
    }

    @discardableResult
    public func press(_ key: Key) -> (wall: UInt64, cpu: UInt64) { send(.key(key)) }

    /// This thread's CPU time in nanoseconds. The store's reads run on the calling thread
    /// (GRDB's serial queues execute `sync` work in place), so a frame's work is all here.
    public static func threadCPU() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    /// What the frame benchmarks drive, and against which data.
    public struct Plan: Sendable {
        public var moves: Int
        public var filters: Int
        /// Tickets of the heaviest customers; selecting one loads that customer's history.
        /// They are looked for in the "all" view when `allView` (supervisors), else in the
        /// view the console opened on.
        public var heavyTickets: [Int64]
        public var allView: Bool
        /// Transaction filters applied in turn on the heavy customer's pane.
        public var transactionFilters: [String]

        public init(moves: Int, filters: Int, heavyTickets: [Int64], allView: Bool, transactionFilters: [String]) {
            self.moves = moves; self.filters = filters
            self.heavyTickets = heavyTickets; self.allView = allView; self.transactionFilters = transactionFilters
        }
    }

    /// Runs the scenarios in order; a scenario whose screen is not what it should be
    /// throws rather than timing the wrong thing.
    public func run(_ plan: Plan) throws -> [FrameTiming] {
        var results: [FrameTiming] = []
        press(.char("1"))
        // Moving in the queue: every row selects a ticket whose customer's account and
        // transactions load beside it, heavy accounts included where they come up.
        results.append(FrameTiming(name: "queue: move (j)", (0..<plan.moves).map { _ in press(.down) }))
        results.append(FrameTiming(name: "queue: move back (k)", (0..<plan.moves / 2).map { _ in press(.up) }))

        // Applying a queue filter that lands on a heavy customer's ticket (open or not).
        if plan.allView {
            press(.char(":"))
            send(.paste("view all"))
            press(.enter)
            guard probe.queueView == "all" else { throw BenchError("the palette did not switch the queue to the all view") }
        }
        var applyQueue: [(wall: UInt64, cpu: UInt64)] = []
        for i in 0..<max(1, plan.filters) {
            guard !plan.heavyTickets.isEmpty else { break }
            let number = plan.heavyTickets[i % plan.heavyTickets.count]
            press(.char("/"))
            press(.ctrl("u"))
            send(.paste("number:\(number)"))
            applyQueue.append(press(.enter))
            guard probe.queueTotal == 1 else {
                throw BenchError("the queue filter number:\(number) matched \(probe.queueTotal) tickets, not one")
            }
        }
        results.append(FrameTiming(name: "queue: apply filter", applyQueue))

        // Paging a heavy customer's transactions: keyset pages load as the window moves.
        press(.char("3"))
        guard probe.focus == "Transactions", probe.transactionTotal > 0 else {
            throw BenchError("the transactions pane is not focused on a customer with transactions")
        }
        results.append(FrameTiming(name: "transactions: page down", (0..<plan.moves).map { _ in press(.pageDown) }))
        results.append(FrameTiming(name: "transactions: page up", (0..<plan.moves / 2).map { _ in press(.pageUp) }))

        // Typing and applying transaction filters on that customer.
        var typing: [(wall: UInt64, cpu: UInt64)] = []
        var apply: [(wall: UInt64, cpu: UInt64)] = []
        for i in 0..<plan.filters {
            let filter = plan.transactionFilters[i % plan.transactionFilters.count]
            press(.char("/"))
            press(.ctrl("u"))
            for ch in filter { typing.append(press(.char(ch))) }
            apply.append(press(.enter))
            guard probe.transactionFilter == filter, !probe.promptOpen else {
                throw BenchError("the transaction filter '\(filter)' did not apply: \(probe.status ?? "no message")")
            }
        }
        results.append(FrameTiming(name: "transactions: type filter", typing))
        results.append(FrameTiming(name: "transactions: apply filter", apply))
        results.append(FrameTiming(name: "transactions: page filtered", (0..<plan.moves / 2).map { _ in press(.pageDown) }))
        return results
    }
}

public struct BenchError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
