import Foundation
import SupportCore
import SupportStore

/// What `paydesk-dev seed` builds. The same options give the same database, byte for byte
/// in its rows: every chunk draws from its own generator seeded by (seed, phase, chunk),
/// so a resumed load writes what an uninterrupted one would have.
public struct SeedOptions: Sendable, Codable, Equatable {
    public var customers: Int
    public var tickets: Int
    public var transactions: Int
    public var seed: UInt64
    /// The dataset's "now", epoch seconds UTC: transactions and tickets lie before it.
    /// Fixed by default (not the wall clock) so that a seed alone fixes the data.
    public var now: Int64

    /// How far back the history reaches, in days. Tickets and transactions are spread evenly
    /// over it, so a day's volume (and the open work) is `tickets / historyDays`: a tenth of the
    /// rows over a tenth of the days is the same team today with a tenth of the past, which
    /// is how a cost's dependence on history alone is measured (BENCHMARKS.md).
    public var historyDays: Int64

    /// 2026-11-25 03:00 UTC, the demo's reference morning.
    public static let defaultNow: Int64 = 1_795_575_600
    public static let defaultHistoryDays: Int64 = 730

    public init(customers: Int = 200_000, tickets: Int = 1_000_000, transactions: Int = 10_000_000,
                seed: UInt64 = 42, now: Int64 = SeedOptions.defaultNow, historyDays: Int64 = SeedOptions.defaultHistoryDays) {
        self.customers = customers; self.tickets = tickets; self.transactions = transactions
        self.seed = seed; self.now = now; self.historyDays = historyDays
    }

    var historyStart: Int64 { now - historyDays * 86_400 }

    /// Enough agents that one agent's open queue looks like a real day's work: a team sized
    /// by the day's volume, not by how much history lies behind it.
    var generatedAgents: Int {
        max(8, min(400, Int(Int64(tickets) * Self.defaultHistoryDays / max(1, historyDays)) / 15_000))
    }

    /// The options as recorded in the seeded database; a default history is left unsaid, so
    /// a file seeded before the option existed reads back as the same options.
    public var encoded: String {
        "customers=\(customers) tickets=\(tickets) transactions=\(transactions) seed=\(seed) now=\(now)"
            + (historyDays == Self.defaultHistoryDays ? "" : " history_days=\(historyDays)")
    }

    static func decode(_ text: String) -> SeedOptions? {
        var values: [String: String] = [:]
        for pair in text.split(separator: " ") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2 { values[kv[0]] = kv[1] }
        }
        guard let c = values["customers"].flatMap(Int.init), let t = values["tickets"].flatMap(Int.init),
              let x = values["transactions"].flatMap(Int.init), let s = values["seed"].flatMap(UInt64.init),
              let n = values["now"].flatMap(Int64.init) else { return nil }
        let days = values["history_days"].flatMap(Int64.init) ?? defaultHistoryDays
        return SeedOptions(customers: c, tickets: t, transactions: x, seed: s, now: n, historyDays: days)
    }
}

/// Where a load stands, for the progress bar. `rows` counts every inserted row so far.
public struct SeedProgress: Sendable {
    public var phase: String
    public var done: Int
    public var total: Int
    public var rows: Int
    public var elapsed: TimeInterval
}

/// What the load wrote, table by table, and how long it took.
public struct SeedSummary: Sendable, Codable {
    public var options: SeedOptions
    public var rows: [String: Int]
    public var seconds: Double
    /// Rows inserted by this run (a resumed run counts only its own).
    public var insertedRows: Int
    public var resumed: Bool
    public var alreadyComplete: Bool
    /// Wall and CPU time of each phase this run went through.
    public var phases: [SeedPhaseTime]
    /// CPU time of the whole process over the run (both loading threads and sorter helpers).
    public var cpuSeconds: Double

    public var totalRows: Int { rows.values.reduce(0, +) }
    public var rowsPerSecond: Double { seconds > 0 ? Double(insertedRows) / seconds : 0 }
}

public struct SeedPhaseTime: Sendable, Codable {
    public var phase: String
    public var rows: Int
    public var wallSeconds: Double
    /// CPU time of the thread that ran the phase (SQLite's sorter helpers not included).
    public var cpuSeconds: Double
}

/// Measures one phase: wall time and the calling thread's CPU time. On a shared machine
/// the CPU time says what the work costs, the wall time what it took.
struct PhaseClock {
    let wall = Date()
    let cpu = PhaseClock.threadCPU()

    func stop(_ phase: String, rows: Int) -> SeedPhaseTime {
        SeedPhaseTime(phase: phase, rows: rows, wallSeconds: Date().timeIntervalSince(wall), cpuSeconds: Self.threadCPU() - cpu)
    }

    static func threadCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// User plus system time of the whole process, every thread included.
    static func processCPU() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}

/// Draws which customer a transaction or ticket belongs to: a share spread evenly (most
/// customers end up with tens of transactions) and the rest Zipf-distributed over a
/// fixed ranking, so a handful of merchant-like accounts carry over 100k transactions.
struct CustomerPicker {
    let count: Int
    let uniformShare: Double
    private let cdf: [Double]
    private let stride: Int

    init(customers: Int, uniformShare: Double) {
        count = max(1, customers)
        self.uniformShare = uniformShare
        var sum = 0.0
        var cdf = [Double](repeating: 0, count: count)
        for r in 0..<count {
            sum += 1.0 / Double(r + 1)
            cdf[r] = sum
        }
        self.cdf = cdf.map { $0 / sum }
        // Ranks map to customers by a stride coprime with the count, so heavy accounts are
        // scattered over the id range instead of being customers 1, 2, 3…
        stride = [7_919, 7_927, 7_933, 7_937, 1].first { Self.gcd($0, customers) == 1 }!
    }

    /// 55% of transactions follow the Zipf tail, so four head accounts pass 100k at 10M
    /// while the even 45% leaves most customers with tens.
    static func transactions(_ o: SeedOptions) -> CustomerPicker { CustomerPicker(customers: o.customers, uniformShare: 0.45) }
    /// Heavy accounts also write in more often, but far less skewed: 5% of tickets.
    static func tickets(_ o: SeedOptions) -> CustomerPicker { CustomerPicker(customers: o.customers, uniformShare: 0.95) }

    /// The customer (0-based index) at Zipf rank `rank` (0 is the heaviest).
    func customer(rank: Int) -> Int { (rank * stride + 11) % count }

    @inline(__always) func pick(_ rng: inout SplitMix64) -> Int {
        let u = Double(rng.next() >> 11) * 0x1p-53
        if u < uniformShare {
            return Int(rng.next() % UInt64(count))
        }
        let v = Double(rng.next() >> 11) * 0x1p-53
        var lo = 0
        var hi = count - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if cdf[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        return customer(rank: lo)
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}

extension SplitMix64 {
    /// A generator for one chunk of one phase: independent of every other chunk.
    init(seed: UInt64, phase: UInt64, chunk: Int) {
        var mixer = SplitMix64(seed: seed ^ (phase &* 0xD1B5_4A32_D192_ED03) ^ (UInt64(chunk) &* 0x8CB9_2BA7_2F3D_8DD7))
        self.init(seed: mixer.next())
    }

    @inline(__always) mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    @inline(__always) mutating func within(_ range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
    /// True with probability `numerator / denominator`.
    @inline(__always) mutating func chance(_ numerator: Int, in denominator: Int) -> Bool { below(denominator) < numerator }
}
