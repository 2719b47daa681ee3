import Foundation
import GRDB
import SupportCore
import SupportStore

/// Tickets with their timelines, tags, pauses and search rows. Most history is solved or
/// closed; work still open clusters in the last days, as in a real queue, with a tail of
/// old tickets on hold. Open tickets get their SLA due times from the same `SLAClock`
/// the console reads, so the seeded queue sorts and flags exactly as a live one would.
/// Someone who takes tickets; read from the main file, handed to the tickets writer.
public struct SeedOwner: Sendable {
    public let id: Int64
    public let login: String

    public init(id: Int64, login: String) { self.id = id; self.login = login }
}

final class SeedTickets<Sink: SeedRowSink> {
    struct Owner {
        let id: Int64
        let login: StaticText
        let claimed: StaticText
    }

    private let options: SeedOptions
    private let texts = SeedTexts()
    private let picker: CustomerPicker
    let counter = RowCounter()
    private let owners: [Owner]
    private let policies: [SLAPolicy]
    private let calendar: BusinessCalendar
    private let ticket: Sink
    private let event: Sink
    private let tag: Sink
    private let pause: Sink
    private let search: Sink

    private struct Event {
        var kind: TicketEventKind
        var author: StaticText
        var body: StaticText
        var at: Int64
    }
    private var events: [Event] = []

    init(options: SeedOptions, owners: [SeedOwner], policies: [SLAPolicy], calendar: BusinessCalendar,
         ticket: Sink, event: Sink, tag: Sink, pause: Sink, search: Sink) {
        self.options = options
        picker = CustomerPicker.tickets(options)
        let pool = texts.pool
        self.owners = owners.map { Owner(id: $0.id, login: pool.text($0.login), claimed: pool.text("claimed by \($0.login)")) }
        self.policies = policies
        self.calendar = calendar
        self.ticket = ticket
        self.event = event
        self.tag = tag
        self.pause = pause
        self.search = search
    }

    func tickets(_ range: Range<Int>, chunk: Int) throws {
        var rng = SplitMix64(seed: options.seed, phase: 3, chunk: chunk)
        let t = texts
        let now = options.now
        let day: Int64 = 86_400
        let n = Int64(max(1, options.tickets))
        let span = options.historyDays * day - 900
        for i in range {
            let id = Int64(i + 1)
            let created = options.historyStart + Int64(i) * span / n + rng.within(0...59)
            let status = Self.status(age: now - created, &rng)
            let text = rng.below(DemoContent.tickets.count)
            let content = DemoContent.tickets[text]
            let priority: Priority = content.category == .security ? [.p1, .p1, .p2][i % 3]
                : [.p2, .p3, .p3, .p4][rng.below(4)]
            let owner: Owner? = status == .new || (status.isActive && rng.chance(1, in: 10))
                ? nil : owners[rng.below(owners.count)]

            // The timeline, oldest first; each step is a little after the one before.
            events.removeAll(keepingCapacity: true)
            events.append(Event(kind: .customerMessage, author: t.customerAuthor, body: t.bodies[text], at: created))
            var at = created
            var firstResponse: Int64?
            if let owner {
                at += rng.within(120...7_200)
                events.append(Event(kind: .assignment, author: owner.login, body: owner.claimed, at: at))
                if rng.below(4) > 0 || !status.isActive || status == .pending {
                    at += rng.within(60...3_600)
                    events.append(Event(kind: .reply, author: owner.login, body: t.replies[rng.below(t.replies.count)], at: at))
                    firstResponse = at
                }
                if i % 4 == 1 {
                    at += rng.within(60...1_800)
                    events.append(Event(kind: .note, author: owner.login, body: t.notes[rng.below(t.notes.count)], at: at))
                }
            }
            if let followUp = t.followUps[text], status != .new, i % 2 == 0 {
                at += rng.within(600...20_000)
                events.append(Event(kind: .customerMessage, author: t.customerAuthor, body: followUp, at: at))
            }
            var solvedAt: Int64?
            switch status {
            case .pending: at += 60; events.append(Event(kind: .statusChange, author: t.systemAuthor, body: t.toPending, at: at))
            case .onHold: at += 60; events.append(Event(kind: .statusChange, author: owner?.login ?? t.systemAuthor, body: t.toOnHold, at: at))
            case .solved, .closed:
                at += rng.within(600...(2 * day))
                solvedAt = at
                events.append(Event(kind: .statusChange, author: owner?.login ?? t.systemAuthor, body: t.toSolved, at: at))
                if status == .closed {
                    at += 3 * day
                    events.append(Event(kind: .statusChange, author: t.systemAuthor, body: t.toClosed, at: at))
                }
            default: break
            }
            // Nothing happens after "now": a timeline that would has its tail pulled back.
            let overshoot = max(0, (events.last?.at ?? created) - (now - 30))
            if overshoot > 0 {
                for e in events.indices { events[e].at = max(created, events[e].at - overshoot) }
                firstResponse = firstResponse.map { max(created, $0 - overshoot) }
                solvedAt = solvedAt.map { max(created, $0 - overshoot) }
            }
            let updated = events.last!.at
            let (due, warn) = deadline(status: status, priority: priority, category: content.category,
                                       created: created, firstResponse: firstResponse)

            ticket.bind(1, id)
            ticket.bind(2, 1_001 + id - 1)
            ticket.bind(3, Int64(picker.pick(&rng) + 1))
            ticket.bind(4, t.subjects[text])
            ticket.bind(5, t.categories[text])
            ticket.bind(6, t.subcategories[text])
            ticket.bind(7, t.ticketChannels[rng.below(t.ticketChannels.count)])
            ticket.bind(8, t.priorities[priority.rank - 1])
            ticket.bind(9, t.ticketStatuses[status.rawValue]!)
            if let owner { ticket.bind(10, owner.id) } else { ticket.bindNull(10) }
            ticket.bind(11, created)
            ticket.bind(12, updated)
            ticket.bind(13, events.last!.author)
            if let firstResponse { ticket.bind(14, firstResponse) } else { ticket.bindNull(14) }
            if let solvedAt { ticket.bind(15, solvedAt) } else { ticket.bindNull(15) }
            ticket.bind(16, due)
            ticket.bind(17, warn)
            try ticket.step()

            for e in events {
                event.bind(1, id)
                event.bind(2, t.eventKinds[e.kind]!)
                event.bind(3, e.author)
                event.bind(4, e.body)
                event.bind(5, e.at)
                try event.step()
            }
            search.bind(1, t.subjects[text])
            search.bind(2, id)
            try search.step()
            var extra = 0
            if status == .pending {
                pause.bind(1, id)
                pause.bind(2, updated)
                try pause.step()
                extra += 1
            }
            if i % 9 == 3 { tag.bind(1, id); tag.bind(2, t.vip); try tag.step(); extra += 1 }
            if content.subcategory == "suggestion" { tag.bind(1, id); tag.bind(2, t.feedback); try tag.step(); extra += 1 }
            counter.add(2 + events.count + extra)
        }
    }

    /// Open work is recent; the longer ago a ticket arrived, the likelier it is finished.
    static func status(age: Int64, _ rng: inout SplitMix64) -> TicketStatus {
        let day: Int64 = 86_400
        let activePermille = age < day ? 900 : age < 7 * day ? 500 : age < 30 * day ? 80 : 3
        if rng.below(1_000) < activePermille {
            let r = rng.below(100)
            return r < 20 ? .new : r < 70 ? .open : r < 87 ? .pending : .onHold
        }
        return age > 7 * day && rng.below(10) < 7 ? .closed : .solved
    }

    /// The nearest running SLA clock's due and warning times, as `refreshDeadline` stores
    /// them; finished and pending tickets sort last.
    private func deadline(status: TicketStatus, priority: Priority, category: SupportCore.Category,
                          created: Int64, firstResponse: Int64?) -> (Int64, Int64) {
        guard status.isActive, status != .pending,
              let policy = SLAPolicy.policy(for: priority, category: category, in: policies) else {
            return (Schema.noDeadline, Schema.noDeadline)
        }
        let clock = SLAClock(createdAt: Date(epoch: created), firstResponseAt: firstResponse.map(Date.init(epoch:)),
                             solvedAt: nil, pauses: [], policy: policy, calendar: calendar)
        // Walking the business calendar over two years for a ticket left on hold is slow,
        // and pointless: two weeks after creation every clock is long breached, and the due
        // times do not depend on "now" (no pause is running), so read the clocks then.
        let readAt = min(options.now, created + 15 * 86_400)
        let running = clock.readings(now: Date(epoch: readAt)).filter { [.ok, .warning, .breached].contains($0.state) }
        guard let nearest = running.min(by: { $0.due < $1.due }) else { return (Schema.noDeadline, Schema.noDeadline) }
        return (nearest.due.epoch, nearest.warningAt.epoch)
    }
}

extension SeedTickets where Sink == BulkStatement {
    /// The SQLite load: prepared INSERTs on the tickets side file, which holds the SLA
    /// policies and holidays the clocks read.
    convenience init(_ db: Database, options: SeedOptions, owners: [SeedOwner]) throws {
        self.init(options: options, owners: owners, policies: try SupportStore.policies(db), calendar: try SupportStore.calendar(db),
                  ticket: try BulkStatement(db, SeedColumns.insert("tickets", SeedColumns.tickets)),
                  event: try BulkStatement(db, SeedColumns.insert("ticket_events", SeedColumns.ticketEvents)),
                  tag: try BulkStatement(db, SeedColumns.insert("ticket_tags", SeedColumns.ticketTags)),
                  pause: try BulkStatement(db, SeedColumns.insert("ticket_pauses", SeedColumns.ticketPauses)),
                  search: try BulkStatement(db, SeedColumns.insert("ticket_search", SeedColumns.ticketSearch)))
    }
}
