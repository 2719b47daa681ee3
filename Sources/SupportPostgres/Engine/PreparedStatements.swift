import Foundation
import PostgresNIO

/// The statements one pooled connection has prepared for its reads, by their text: a read
/// the console repeats (a queue page, the header's counts, a customer's transactions) is
/// parsed once per connection instead of on every key press, and a queue page planned once
/// (planning was as long as running such a page; see `PostgresLocation.sessionSettings`
/// for the reads still planned for their values). Bounded: the least recently used statement is let go when
/// a new one would pass `capacity`, so filters the user keeps changing cannot fill the
/// server's memory. Used by the one thread holding the connection, so it needs no lock;
/// it lives and dies with its connection (a closed connection's statements are gone on the
/// server too).
final class PreparedStatements {
    let capacity: Int
    private var byKey: [String: Entry] = [:]
    private var tick: UInt64 = 0
    /// Statements let go and not yet closed on the server: closed once the connection is
    /// out of the read's transaction.
    private var released: [PreparedQuery] = []

    struct Entry {
        let statement: PreparedQuery
        var used: UInt64
        /// How long its last runs took to answer, smoothed: when a read's thread should
        /// be watching for the next answer (`ReadWait`).
        var answersIn: Duration?
    }

    init(capacity: Int = 64) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    var count: Int { byKey.count }

    /// The statement prepared for `key`, marked as just used.
    func statement(for key: String) -> PreparedQuery? {
        guard var entry = byKey[key] else { return nil }
        tick += 1
        entry.used = tick
        byKey[key] = entry
        return entry.statement
    }

    /// How long the statement for `key` is expected to take to answer, if it ran before.
    func expectedAnswer(for key: String) -> Duration? { byKey[key]?.answersIn }

    /// Notes how long a run of the statement for `key` took to answer: three parts the
    /// time before, one part this run's, so one slow run moves the expectation a little.
    func noteAnswer(for key: String, after elapsed: Duration) {
        guard var entry = byKey[key] else { return }
        entry.answersIn = entry.answersIn.map { ($0 * 3 + elapsed) / 4 } ?? elapsed
        byKey[key] = entry
    }

    /// Keeps a statement just prepared; the least recently used one makes room when the
    /// cache is full.
    func add(_ key: String, _ statement: PreparedQuery) {
        if byKey[key] == nil, byKey.count >= capacity, let oldest = byKey.min(by: { $0.value.used < $1.value.used }) {
            byKey[oldest.key] = nil
            released.append(oldest.value.statement)
        }
        if let replaced = byKey[key] { released.append(replaced.statement) }
        tick += 1
        byKey[key] = Entry(statement: statement, used: tick)
    }

    /// Forgets a statement the server would not run as prepared (its plan no longer fits
    /// the schema): the next use prepares it afresh.
    func forget(_ key: String) {
        if let entry = byKey.removeValue(forKey: key) { released.append(entry.statement) }
    }

    /// Forgets every statement without deallocating any: the server no longer has them
    /// (`DEALLOCATE ALL`, `DISCARD ALL`).
    func forgetAll() {
        byKey.removeAll()
        released.removeAll()
    }

    /// The statements to close on the server, taken once.
    func takeReleased() -> [PreparedQuery] {
        defer { released.removeAll() }
        return released
    }
}
