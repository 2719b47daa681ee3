import Foundation
import GRDB
import SupportCore

public struct DemoSummary: Sendable, Codable {
    public var agents: Int
    public var customers: Int
    public var transactions: Int
    public var tickets: Int
}

extension SupportStore {
    /// Fills an empty database with a deterministic, realistic demo data set and marks it
    /// as a demo database (the only kind that accepts `--as`). Times are relative to the
    /// store's clock so SLA countdowns look alive.
    @discardableResult
    public func generateDemo(seed: UInt64 = 42, customers customerCount: Int = 60) throws -> DemoSummary {
        let summary = try generateDemoData(seed: seed, customers: customerCount)
        try generateDemoActivity()
        try plantInvestigationStories(count: 10)
        return summary
    }

    private func generateDemoData(seed: UInt64, customers customerCount: Int) throws -> DemoSummary {
        var rng = SplitMix64(seed: seed)
        let now = self.now
        let day: Int64 = 86_400
        return try write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets") == 0 else {
                throw StoreError.conflict("The database already holds tickets; use `paydesk demo --reset` to recreate it.")
            }
            try setMeta(db, "demo", "1")
            try setMeta(db, "created_at", String(now))
            try seedDefaultPolicies(db)
            var agentIds: [Int64] = []
            for a in DemoContent.agents {
                try db.execute(sql: "INSERT INTO agents (login, name, role, active, created_at) VALUES (?, ?, ?, 1, ?)",
                               arguments: [a.login, a.name, a.role.rawValue, now - 400 * day])
                if a.role == .agent || a.role == .supervisor { agentIds.append(db.lastInsertedRowID) }
            }

            // Customers, their devices and logins.
            var customers: [(id: Int64, name: String)] = []
            var customerStatuses: [CustomerStatus] = []
            for i in 0..<customerCount {
                let name = Self.demoName(i, &rng)
                let phone = "+628" + String(format: "%02d", Int.random(in: 11...99, using: &rng))
                    + String(format: "%08d", Int.random(in: 0...99_999_999, using: &rng))
                let emailUser = ["budi", "siti", "wang", "li", "rina", "andi", "putri", "chen", "maya", "eko"][i % 10]
                let email = "\(emailUser)\(i + 1)@" + ["gmail.com", "yahoo.co.id", "example.com", "outlook.com"][i % 4]
                let status: CustomerStatus = i % 17 == 5 ? .frozen : (i % 29 == 13 ? .closed : .active)
                let kyc = [0, 1, 2, 2, 3, 3][Int.random(in: 0...5, using: &rng)]
                let balance: Int64 = status == .closed ? 0 : Int64.random(in: 0...25_000_000, using: &rng) * 100
                try db.execute(sql: """
                    INSERT INTO customers (wallet_id, name, phone, email, kyc_level, status, status_reason, status_changed_by,
                                           status_changed_at, two_factor, balance, currency, daily_limit, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'IDR', ?, ?)
                    """, arguments: [String(format: "WLT-%08d", 10_000_000 + i * 7919), name, phone, email, kyc,
                                     status.rawValue,
                                     status == .frozen ? "suspected account takeover" : (status == .closed ? "closed at customer request" : nil),
                                     status == .active ? nil : "sari", status == .active ? nil : now - Int64(i) * 3_600,
                                     Bool.random(using: &rng), balance, [2_000_000_00, 10_000_000_00, 20_000_000_00][kyc % 3],
                                     now - Int64.random(in: 30...900, using: &rng) * day])
                let customerId = db.lastInsertedRowID
                customers.append((customerId, name))
                customerStatuses.append(status)
                var deviceIds: [Int64] = []
                for d in 0..<Int.random(in: 1...3, using: &rng) {
                    let model = DemoContent.deviceModels.randomElement(using: &rng)!
                    try db.execute(sql: """
                        INSERT INTO devices (customer_id, model, platform, app_version, bound, last_seen_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: [customerId, model.0, model.1, DemoContent.appVersions.randomElement(using: &rng)!,
                                         d == 0, now - Int64.random(in: 0...(20 * day), using: &rng)])
                    deviceIds.append(db.lastInsertedRowID)
                }
                for _ in 0..<Int.random(in: 4...9, using: &rng) {
                    let success = Int.random(in: 0...9, using: &rng) > 1
                    try db.execute(sql: """
                        INSERT INTO login_events (customer_id, device_id, at, place, ip, success) VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: [customerId, deviceIds.randomElement(using: &rng)!,
                                         now - Int64.random(in: 0...(30 * day), using: &rng),
                                         DemoContent.places.randomElement(using: &rng)!,
                                         "\(Int.random(in: 36...182, using: &rng)).\(Int.random(in: 0...255, using: &rng)).\(Int.random(in: 0...255, using: &rng)).\(Int.random(in: 1...254, using: &rng))",
                                         success])
                }
            }

            // Transactions: every type and status, most customers with tens, a few with hundreds.
            var txCount = 0
            for (index, customer) in customers.enumerated() {
                let count = index % 13 == 0 ? Int.random(in: 150...260, using: &rng) : Int.random(in: 18...45, using: &rng)
                for _ in 0..<count {
                    txCount += 1
                    let tx = Self.demoTransaction(&rng, others: customers, me: customer.name)
                    let at = now - Int64.random(in: 600...(120 * day), using: &rng)
                    try db.execute(sql: """
                        INSERT INTO transactions (reference, customer_id, type, status, amount, currency, counterparty,
                                                  channel, failure_code, at, flagged)
                        VALUES (?, ?, ?, ?, ?, 'IDR', ?, ?, ?, ?, ?)
                        """, arguments: ["TX" + String(4_100_000_000 + txCount * 37), customer.id,
                                         tx.type.rawValue, tx.status.rawValue, tx.amount, tx.counterparty, tx.channel,
                                         tx.failure, at, tx.status == .success && Int.random(in: 0...60, using: &rng) == 0])
                }
            }

            // Tickets over every category, channel, priority and status, each written by a
            // customer its story fits, with the rows its story speaks of.
            let statuses: [TicketStatus] = [.new, .new, .open, .open, .open, .open, .pending, .pending, .onHold, .solved, .solved, .closed]
            let ticketCount = max(130, customerCount * 2 + 10)
            var storyParts = Array(repeating: Set<DemoStory.Part>(), count: customers.count)
            for i in 0..<ticketCount {
                let text = DemoContent.tickets[i % DemoContent.tickets.count]
                let chosen = Self.fittingCustomer(from: (i * 7 + Int.random(in: 0...3, using: &rng)) % customers.count,
                                                  for: text.story, statuses: customerStatuses, parts: storyParts)
                let customer = customers[chosen]
                if let part = text.story.sets { storyParts[chosen].insert(part) }
                let status = statuses[Int.random(in: 0..<statuses.count, using: &rng)]
                let priority: Priority = text.category == .security ? [.p1, .p1, .p2][i % 3]
                    : [.p2, .p3, .p3, .p4][Int.random(in: 0...3, using: &rng)]
                let channel = Channel.allCases[(i + Int.random(in: 0...4, using: &rng)) % Channel.allCases.count]
                // Work still open arrived recently (some clocks fine, some close, a few
                // breached); finished tickets spread over the past days.
                var created = status.isActive
                    ? now - Int64.random(in: 300...(priority == .p1 ? 3 : 20) * 3_600, using: &rng)
                    : now - Int64.random(in: day...(9 * day), using: &rng)
                if text.story.writtenInDaytime && JakartaTime.hour(created) < 8 {
                    // "This morning" is written after breakfast: the day before, same distance past 08:00.
                    created = JakartaTime.dayStart(created) - day + 8 * 3_600 + (created - JakartaTime.dayStart(created))
                }
                let assignee: Int64? = status == .new ? nil : (i % 6 == 0 ? nil : agentIds[i % agentIds.count])
                let number = Int64(1001 + i)
                try db.execute(sql: """
                    INSERT INTO tickets (number, customer_id, subject, category, subcategory, channel, priority, status,
                                         assignee_id, created_at, updated_at, updated_by, sla_due_at, sla_warn_at, version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'customer', ?, ?, 1)
                    """, arguments: [number, customer.id, text.subject, text.category.rawValue, text.subcategory,
                                     channel.rawValue, priority.rawValue, status == .onHold || status == .pending ? "open" : status.rawValue,
                                     assignee, created, created, Schema.noDeadline, Schema.noDeadline])
                let id = db.lastInsertedRowID
                try db.execute(sql: "INSERT INTO ticket_search (body, ticket_id) VALUES (?, ?)", arguments: [text.subject, id])
                try Self.appendEvent(db, ticketId: id, kind: .customerMessage, author: "customer", body: text.body, at: created)
                try Self.learnCustomerLanguage(db, customerId: customer.id, from: [text.body, text.subject])
                var steps = DemoTimeline()
                if let owner = assignee, status != .new {
                    let login = try Self.login(db, agentId: owner)
                    steps.add(.assignment, author: login, body: "claimed by \(login)", after: Int64.random(in: 120...7_200, using: &rng))
                    if Int.random(in: 0...3, using: &rng) > 0 || status == .solved || status == .closed || status == .pending {
                        let gap = Int64.random(in: 60...3_600, using: &rng)
                        steps.add(.reply, author: login, body: DemoContent.agentReplies.randomElement(using: &rng)!, after: gap)
                    }
                    if i % 4 == 1 {
                        let gap = Int64.random(in: 60...1_800, using: &rng)
                        steps.add(.note, author: login, body: DemoContent.agentNotes.randomElement(using: &rng)!, after: gap)
                    }
                }
                if let followUp = text.followUp, status != .new, i % 2 == 0 {
                    steps.add(.customerMessage, author: "customer", body: followUp, after: Int64.random(in: 600...20_000, using: &rng))
                }
                // The conversation happened between the ticket and now (a status change a
                // minute after its last message included): squeezed when it would not fit.
                let times = steps.times(from: created, notAfter: now - 60)
                for (step, at) in zip(steps.steps, times) {
                    try Self.appendEvent(db, ticketId: id, kind: step.kind, author: step.author, body: step.body, at: at)
                    if step.kind == .reply {
                        try db.execute(sql: "UPDATE tickets SET first_response_at = ? WHERE id = ?", arguments: [at, id])
                    }
                }
                let followUpAt = zip(steps.steps, times).first { $0.0.kind == .customerMessage }?.1
                var story = DemoStoryWriter(db: db, customerId: customer.id, ticketNumber: number, created: created, followUpAt: followUpAt,
                                            otherNames: customers.filter { $0.id != customer.id }.map(\.name), seed: seed)
                try story.write(text.story)
                let at2 = (times.last ?? created) + 60
                if status == .pending || status == .onHold {
                    try Self.appendEvent(db, ticketId: id, kind: .statusChange, author: "system",
                                         body: "open → \(status.rawValue)", at: at2)
                    try db.execute(sql: "UPDATE tickets SET status = ? WHERE id = ?", arguments: [status.rawValue, id])
                    if status == .pending {
                        try db.execute(sql: "INSERT INTO ticket_pauses (ticket_id, started_at) VALUES (?, ?)", arguments: [id, at2])
                    }
                }
                if status == .solved || status == .closed {
                    try db.execute(sql: "UPDATE tickets SET solved_at = ? WHERE id = ?", arguments: [at2, id])
                }
                if i % 9 == 3 { try db.execute(sql: "INSERT INTO ticket_tags VALUES (?, 'vip')", arguments: [id]) }
                if text.category == .complaint && text.subcategory == "suggestion" {
                    try db.execute(sql: "INSERT INTO ticket_tags VALUES (?, 'product-feedback')", arguments: [id])
                }
                try db.execute(sql: "UPDATE tickets SET updated_at = ? WHERE id = ?", arguments: [at2, id])
                try refreshDeadline(db, ticketId: id)
            }
            // An account is opened before anything happens on it: one whose drawn opening
            // came after its first payment or login opened a week or more before that.
            try db.execute(sql: """
                UPDATE customers SET created_at = MIN(created_at, MIN(
                    COALESCE((SELECT MIN(at) FROM transactions WHERE customer_id = customers.id), created_at),
                    COALESCE((SELECT MIN(at) FROM login_events WHERE customer_id = customers.id), created_at)
                ) - (7 + id % 23) * 86400)
                WHERE created_at > COALESCE((SELECT MIN(at) FROM transactions WHERE customer_id = customers.id), created_at)
                   OR created_at > COALESCE((SELECT MIN(at) FROM login_events WHERE customer_id = customers.id), created_at)
                """)
            try AuditChain.append(db, at: now, actor: Self.operatingSystemUser, action: "demo.generate", entity: "database",
                                  entityId: path, after: "seed=\(seed) customers=\(customerCount) tickets=\(ticketCount)")
            // The stories' own payments included.
            let transactions = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM transactions") ?? txCount
            return DemoSummary(agents: DemoContent.agents.count, customers: customers.count,
                               transactions: transactions, tickets: ticketCount)
        }
    }

    /// The customer at `start`, or the next one along that the story fits: an account in
    /// the state the text needs, whose earlier stories set nothing this one sets.
    static func fittingCustomer(from start: Int, for story: DemoStory, statuses: [CustomerStatus],
                                parts: [Set<DemoStory.Part>]) -> Int {
        for step in 0..<statuses.count {
            let index = (start + step) % statuses.count
            let stateFits = statuses[index] == .active || (statuses[index] == .frozen && story.fitsFrozenAccount)
            if stateFits && story.sets.map({ !parts[index].contains($0) }) ?? true { return index }
        }
        return start
    }

    static func demoName(_ i: Int, _ rng: inout SplitMix64) -> String {
        switch i % 5 {
        case 1: return DemoContent.chineseNames[(i / 5) % DemoContent.chineseNames.count]
        case 3: return DemoContent.mixedNames[(i / 5) % DemoContent.mixedNames.count]
        default:
            return DemoContent.givenNames.randomElement(using: &rng)! + " " + DemoContent.familyNames.randomElement(using: &rng)!
        }
    }

    static func demoTransaction(_ rng: inout SplitMix64, others: [(id: Int64, name: String)], me: String)
        -> (type: TransactionType, status: TransactionStatus, amount: Int64, counterparty: String, channel: String, failure: String?) {
        let type = TransactionType.allCases.randomElement(using: &rng)!
        let roll = Int.random(in: 0..<100, using: &rng)
        let status: TransactionStatus = roll < 80 ? .success : roll < 91 ? .failed : roll < 97 ? .pending : .reversed
        let rupiah: Int64
        let counterparty: String
        let channel: String
        switch type {
        case .topup: rupiah = [50_000, 100_000, 200_000, 500_000, 1_000_000].randomElement(using: &rng)!
            counterparty = DemoContent.topupSources.randomElement(using: &rng)!; channel = "bank_va"
        case .payment: rupiah = Int64.random(in: 10...2_500, using: &rng) * 1_000
            counterparty = DemoContent.merchants.randomElement(using: &rng)!; channel = "merchant_api"
        case .qrPayment: rupiah = Int64.random(in: 5...300, using: &rng) * 500
            counterparty = DemoContent.merchants.randomElement(using: &rng)!; channel = "qris"
        case .p2pIn, .p2pOut: rupiah = Int64.random(in: 10...2_000, using: &rng) * 1_000
            counterparty = others.randomElement(using: &rng)!.name; channel = "app"
        case .withdrawal: rupiah = Int64.random(in: 100...5_000, using: &rng) * 1_000
            counterparty = DemoContent.banks.randomElement(using: &rng)!; channel = "bank_transfer"
        case .refund: rupiah = Int64.random(in: 10...800, using: &rng) * 1_000
            counterparty = DemoContent.merchants.randomElement(using: &rng)!; channel = "merchant_api"
        case .cashback: rupiah = Int64.random(in: 1...50, using: &rng) * 500
            counterparty = "Promo Cashback"; channel = "promo"
        case .billPayment: rupiah = Int64.random(in: 20...1_500, using: &rng) * 1_000
            counterparty = DemoContent.billers.randomElement(using: &rng)!; channel = "biller"
        }
        let failure = status == .failed ? FailureCode.all.randomElement(using: &rng)! : nil
        return (type, status, rupiah * 100, counterparty, channel, failure)
    }
}
