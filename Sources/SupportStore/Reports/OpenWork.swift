import Foundation
import GRDB
import SupportCore

/// The open tickets, read once for the supervisor dashboard. The backlog, the aging
/// histogram, the breached list and the agents' open and pending counts each walked every
/// open ticket (10k at 10M, each row a seek into the table) in a query of their own; the
/// dashboard now reads them in one pass and works the four figures out from it. The
/// public reports keep their own queries for callers that want one figure.
struct OpenWork {
    struct Ticket {
        var id: Int64
        var number: Int64
        var status: String
        var category: String
        var priority: String
        /// The owner's login; nil when unassigned (or owned by no known agent).
        var owner: String?
        var createdAt: Int64
        var slaDueAt: Int64
    }

    var tickets: [Ticket]

    static func read(_ db: any SQLSession) throws -> OpenWork {
        // Decoded by position on both stores (`SQLRowDecoder`): by name, each value looked its
        // column up through a lower-cased copy of the name (80k of them at 10M).
        OpenWork(tickets: try db.fetch(Decoder.self, sql(db.dialect), []))
    }

    /// Every column it reads is in `tickets_open_work` (`OpenWorkSchema`): an index-only read.
    /// SQLite is told the index: with the seed's statistics it chose four seeks of
    /// `tickets_status_due`, each row then read from the table.
    static func sql(_ dialect: SQLDialect) -> String {
        """
        SELECT t.id, t.number, t.status, t.category, t.priority, a.login, t.created_at, t.sla_due_at
        FROM tickets t\(dialect == .sqlite ? " INDEXED BY tickets_open_work" : "") LEFT JOIN agents a ON a.id = t.assignee_id
        WHERE t.status IN \(SupportStore.activeStatuses)
        """
    }

    private struct Decoder: SQLRowDecoder {
        let id, number, status, category, priority, owner, created, due: Int

        init(_ columns: SQLColumns) throws {
            func at(_ name: String) throws -> Int { try columns.position(name) }
            (id, number, status, category) = (try at("id"), try at("number"), try at("status"), try at("category"))
            (priority, owner, created, due) = (try at("priority"), try at("login"), try at("created_at"), try at("sla_due_at"))
        }

        func decode(_ row: SQLRow) -> Ticket {
            Ticket(id: row[id], number: row[number], status: row[status], category: row[category], priority: row[priority],
                   owner: row[owner], createdAt: row[created], slaDueAt: row[due])
        }
    }

    /// Open tickets by status, category and priority, as `backlogReport` counts them.
    var backlogCounts: (status: [String: Int], category: [String: Int], priority: [String: Int], total: Int) {
        var status: [String: Int] = [:], category: [String: Int] = [:], priority: [String: Int] = [:]
        for t in tickets {
            status[t.status, default: 0] += 1
            category[t.category, default: 0] += 1
            priority[t.priority, default: 0] += 1
        }
        return (status, category, priority, tickets.count)
    }

    /// Per owner: tickets open for work (the header's My open), and the rest (pending, on hold).
    var ownerCounts: (open: [String: Int], pending: [String: Int]) {
        let working = Set(TicketStatus.openForWork.map(\.rawValue))
        var open: [String: Int] = [:], pending: [String: Int] = [:]
        for t in tickets {
            guard let owner = t.owner else { continue }
            if working.contains(t.status) { open[owner, default: 0] += 1 } else { pending[owner, default: 0] += 1 }
        }
        return (open, pending)
    }

    /// As `agingBuckets`: numbers by age band, each band in number order. The numbers are
    /// sorted once placed in their bands: sorting the tickets themselves moved every
    /// ticket's whole row through each pass of the merge (a fifth of the screen's refresh
    /// at 10M).
    func aging(now: Int64, bands: [AgingBand] = AgingBand.standard) -> [AgingBucket] {
        var numbers = bands.map { _ in [Int64]() }
        for t in tickets { numbers[AgingBand.band(forAge: now - t.createdAt, in: bands)].append(t.number) }
        return zip(bands, numbers).map { AgingBucket(band: $0, tickets: $1.sorted()) }
    }

    /// As `breachedRunning`: running clocks already due, soonest due first (then by id).
    /// Sorted as three integers a ticket, not as whole rows.
    func breached(now: Int64) -> [Int64] {
        var due: [(due: Int64, id: Int64, number: Int64)] = []
        for t in tickets where t.slaDueAt <= now && Self.running.contains(t.status) { due.append((t.slaDueAt, t.id, t.number)) }
        due.sort { ($0.due, $0.id) < ($1.due, $1.id) }
        return due.map(\.number)
    }

    /// The statuses whose SLA clock runs.
    private static let running: Set<String> = ["new", "open", "on_hold"]
}
