import Foundation
import SupportCore
@testable import SupportStore

/// A fresh database file in a temporary folder, with a pinned clock.
struct TempStore {
    let dir: URL
    let store: SupportStore
    var path: String { store.path }

    /// 2026-11-25 03:00 UTC = 10:00 Wednesday in Jakarta: inside working hours.
    static let fixedNow = Date(timeIntervalSince1970: 1_795_575_600)

    init(demo: Bool = false, now: Date = TempStore.fixedNow) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try SupportStore(path: dir.appendingPathComponent("t.sqlite").path, clock: { now })
        if demo { try store.generateDemo(seed: 7) } else { try store.seedDefaults() }
    }

    func agent(_ login: String) throws -> Agent { try store.agent(login: login)! }

    /// Adds the usual cast on an empty database: an admin, a supervisor and two agents,
    /// and one customer.
    func cast() throws -> (admin: Agent, sup: Agent, a: Agent, b: Agent, customer: Int64) {
        let admin = try store.addAgent(login: "root", name: "Root", role: .admin, by: nil)
        let sup = try store.addAgent(login: "sari", name: "Sari", role: .supervisor, by: admin)
        let a = try store.addAgent(login: "budi", name: "Budi", role: .agent, by: admin)
        let b = try store.addAgent(login: "dewi", name: "Dewi", role: .agent, by: admin)
        let customer = try store.insertCustomerForTesting(name: "王小明", phone: "+6281234567890", email: "wang@example.com")
        return (admin, sup, a, b, customer)
    }

    func newTicket(_ customer: Int64, subject: String = "Payment failed", priority: Priority = .p2,
                   category: Category = .payment, at: Date? = nil, channel: Channel = .appChat) throws -> Ticket {
        try store.createTicket(NewTicket(customerId: customer, subject: subject, body: "It failed at Indomaret",
                                         category: category, channel: channel, priority: priority, at: at), by: nil)
    }
}
