import Foundation
import SupportCore
@testable import SupportStore

/// A clock the test moves by hand, so every event lands at a chosen local time.
final class MovableClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date
    init(_ date: Date) { value = date }
    var now: Date {
        get { lock.lock(); defer { lock.unlock() }; return value }
        set { lock.lock(); value = newValue; lock.unlock() }
    }
}

/// A small, hand-counted support week (Jakarta time, UTC+7), built through the real
/// services with the clock moved between steps. Fri 2026-11-20 … Wed 2026-11-25 15:00.
///
/// | #  | created        | prio | cat       | channel  | what happens                                                   |
/// |----|----------------|------|-----------|----------|----------------------------------------------------------------|
/// | T1 | Fri 20 19:00   | p3   | payment   | web      | budi replies Mon 09:00 (FRT 120), solves Mon 12:00 (300); CSAT 5 |
/// | T2 | Mon 23 08:30   | p2   | account   | app_chat | budi replies 09:00 (30), solves Tue 10:00 (810, missed); CSAT 3  |
/// | T3 | Tue 24 09:00   | p2   | security  | phone    | dewi replies 13:00 (240, missed); open, resolution breached Wed 09:00 |
/// | T4 | Wed 25 08:00   | p4   | technical | email    | new, unassigned                                                |
/// | T5 | Wed 25 14:45   | p1   | security  | social   | new; first response due 15:15 (breaches within the hour)       |
/// | T6 | Wed 25 13:50   | p1   | payment   | app_chat | budi claims 14:05, escalates 14:10; FR breached 14:20           |
/// | T7 | Tue 10 10:00   | p3   | complaint | web      | budi replies 11:00; pending since Thu 12 10:00; complaint due Thu 26 |
/// | T8 | Tue 24 10:00   | p3   | account   | email    | dewi replies 10:30 (30), solves 11:00 (60); CSAT 2              |
/// | T9 | Wed 25 08:00   | p3   | technical | app_chat | dewi replies 09:00 (60); open                                  |
struct ReportFixture {
    let dir: URL
    let clock: MovableClock
    let store: SupportStore
    let sari: Agent, budi: Agent, dewi: Agent, root: Agent
    var t: [Int: Int64] = [:]

    static func local(_ text: String) -> Date {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = BusinessCalendar.jakarta
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.date(from: text)!
    }

    /// Wed 2026-11-25 15:00 in Jakarta.
    static let now = local("2026-11-25 15:00")

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let clock = MovableClock(Self.local("2026-11-01 09:00"))
        self.clock = clock
        store = try SupportStore(path: dir.appendingPathComponent("r.sqlite").path, clock: { clock.now })
        try store.seedDefaults()
        root = try store.addAgent(login: "root", name: "Root", role: .admin, by: nil)
        sari = try store.addAgent(login: "sari", name: "Sari", role: .supervisor, by: root)
        budi = try store.addAgent(login: "budi", name: "Budi", role: .agent, by: root)
        dewi = try store.addAgent(login: "dewi", name: "Dewi", role: .agent, by: root)
        try store.setComplaintWorkingDays(12, by: root)
        let customer = try store.insertCustomerForTesting(name: "Rina Lestari", phone: "+6281200000001", email: "rina@example.com")

        func at(_ text: String) { clock.now = Self.local(text) }
        func open(_ key: Int, _ when: String, _ p: Priority, _ cat: Category, _ ch: Channel) throws {
            at(when)
            t[key] = try store.createTicket(NewTicket(customerId: customer, subject: "T\(key)", body: "help T\(key)",
                                                      category: cat, channel: ch, priority: p), by: nil).number
        }
        func reply(_ key: Int, _ who: Agent, _ when: String) throws {
            at(when); try store.reply(ticket: t[key]!, body: "on it", by: who)
        }
        func solve(_ key: Int, _ who: Agent, _ when: String) throws {
            at(when); try store.setStatus(ticket: t[key]!, to: .solved, by: who)
        }

        try open(7, "2026-11-10 10:00", .p3, .complaint, .web)
        try reply(7, budi, "2026-11-10 11:00")
        at("2026-11-10 11:30"); try store.openComplaint(ticket: t[7]!, statement: "fees charged twice", expectedOutcome: "refund", by: budi)
        at("2026-11-12 10:00"); try store.setStatus(ticket: t[7]!, to: .pending, by: budi)

        try open(1, "2026-11-20 19:00", .p3, .payment, .web)
        try reply(1, budi, "2026-11-23 09:00")
        try solve(1, budi, "2026-11-23 12:00")

        try open(2, "2026-11-23 08:30", .p2, .account, .appChat)
        try reply(2, budi, "2026-11-23 09:00")
        try solve(2, budi, "2026-11-24 10:00")

        try open(3, "2026-11-24 09:00", .p2, .security, .phone)
        try reply(3, dewi, "2026-11-24 13:00")

        try open(8, "2026-11-24 10:00", .p3, .account, .email)
        try reply(8, dewi, "2026-11-24 10:30")
        try solve(8, dewi, "2026-11-24 11:00")

        try open(4, "2026-11-25 08:00", .p4, .technical, .email)
        try open(9, "2026-11-25 08:00", .p3, .technical, .appChat)
        try reply(9, dewi, "2026-11-25 09:00")

        try open(6, "2026-11-25 13:50", .p1, .payment, .appChat)
        at("2026-11-25 14:05"); try store.claim(ticket: t[6]!, by: budi)
        at("2026-11-25 14:10"); try store.escalate(ticket: t[6]!, reason: "customer will go to OJK", by: budi)
        try open(5, "2026-11-25 14:45", .p1, .security, .social)

        at("2026-11-25 14:50")
        try store.recordCSAT(ticket: t[1]!, score: 5, comment: "fast", by: sari)
        try store.recordCSAT(ticket: t[2]!, score: 3, by: sari)
        try store.recordCSAT(ticket: t[8]!, score: 2, comment: "slow", by: sari)
        clock.now = Self.now
    }

    func numbers(_ keys: Int...) -> [Int64] { keys.map { t[$0]! }.sorted() }

    var week: ReportPeriod { ReportPeriod.lastDays(7, endingAt: Self.now) }
    var today: ReportPeriod { ReportPeriod.today(Self.now) }
}
