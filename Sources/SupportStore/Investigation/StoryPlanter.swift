import Foundation
import GRDB
import SupportCore

/// Plants stolen-account stories and decoys with their ground truth, and measures the
/// detector on them. The demo plants a handful; `paydesk-dev seed` plants more beside its
/// bulk data. Each story is a new customer, so planting never disturbs existing rows.
extension SupportStore {
    @discardableResult
    public func plantInvestigationStories(count: Int, seed: UInt64 = 21) throws -> [PlantedStory] {
        var rng = SplitMix64(seed: seed)
        let now = self.now
        let first = try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM planted_stories") ?? 0 }
        var planted: [(PlantedStory, StoryScript)] = []
        try write { db in
            for i in first..<(first + count) {
                let script = StoryScript.make(index: i, now: now, rng: &rng)
                planted.append((try insert(db, script, now: now), script))
            }
            try AuditChain.append(db, at: now, actor: Self.operatingSystemUser, action: "demo.plant_stories",
                                  entity: "database", entityId: path, after: "stories=\(count)")
        }
        // Each story's ticket, so that the stolen-account playbook leads to it.
        for (story, script) in planted {
            let kind: Category = .security
            _ = try createTicket(NewTicket(customerId: story.customerId, subject: script.subject, body: script.body,
                                           category: kind, subcategory: story.kind.isTakeover ? "stolen_account" : "abnormal_transaction",
                                           channel: .appChat, priority: story.kind.isTakeover ? .p1 : .p3,
                                           at: Date(epoch: script.ticketAt)), by: nil)
        }
        return planted.map(\.0)
    }

    private func insert(_ db: Database, _ s: StoryScript, now: Int64) throws -> PlantedStory {
        try db.execute(sql: """
            INSERT INTO customers (wallet_id, name, phone, email, kyc_level, status, two_factor, balance, currency,
                                   daily_limit, created_at)
            VALUES (?, ?, ?, ?, 2, 'active', 0, ?, 'IDR', 2000000000, ?)
            """, arguments: [s.walletId, s.name, "+6281\(s.walletId.suffix(8))", "\(s.walletId.lowercased())@example.com",
                             120_000_000, now - 400 * 86_400])
        let customer = db.lastInsertedRowID
        var devices: [Int64] = []
        for (n, d) in s.devices.enumerated() {
            try db.execute(sql: """
                INSERT INTO devices (customer_id, model, platform, app_version, bound, last_seen_at) VALUES (?, ?, ?, '5.3.4', ?, ?)
                """, arguments: [customer, d.model, d.platform, n == 0 ? 1 : 0, now - 3_600])
            devices.append(db.lastInsertedRowID)
        }
        for l in s.logins {
            try db.execute(sql: "INSERT INTO login_events (customer_id, device_id, at, place, ip, success) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [customer, devices[l.device], l.at, l.place, l.ip, l.ok])
        }
        for e in s.events {
            try db.execute(sql: """
                INSERT INTO account_events (customer_id, kind, at, device_id, place, ip, actor, detail) VALUES (?, ?, ?, ?, ?, ?, 'customer', ?)
                """, arguments: [customer, e.kind.rawValue, e.at, e.device.map { devices[$0] }, e.place, e.ip, e.detail])
        }
        for session in s.sessions {
            try db.execute(sql: "INSERT INTO customer_sessions (customer_id, device_id, started_at) VALUES (?, ?, ?)",
                           arguments: [customer, devices[session.device], session.at])
        }
        for code in s.codes {
            // A code the customer asked for in the app; the hash is of nothing anyone knows.
            try db.execute(sql: """
                INSERT INTO verification_codes (customer_id, code_hash, salt, channel, destination, created_at, expires_at, used_at)
                VALUES (?, 'planted', 'planted', 'sms', '+62 81*-****-****', ?, ?, ?)
                """, arguments: [customer, code.at, code.at + 600, code.used])
        }
        for p in s.payments {
            try db.execute(sql: """
                INSERT INTO transactions (reference, customer_id, type, status, amount, currency, counterparty, channel,
                                          failure_code, at, flagged)
                VALUES (?, ?, ?, ?, ?, 'IDR', ?, 'app', ?, ?, 0)
                """, arguments: [p.reference, customer, p.type.rawValue, p.failure == nil ? "success" : "failed", p.amount,
                                 p.counterparty, p.failure, p.at])
        }
        try db.execute(sql: "INSERT INTO planted_stories (customer_id, kind, compromised_at, fraud_references) VALUES (?, ?, ?, ?)",
                       arguments: [customer, s.kind.rawValue, s.truth, s.fraud.joined(separator: " ")])
        return PlantedStory(customerId: customer, walletId: s.walletId, kind: s.kind,
                            compromisedAt: s.truth.map(Date.init(epoch:)), fraudReferences: Set(s.fraud))
    }

    public func plantedStories() throws -> [PlantedStory] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.*, c.wallet_id FROM planted_stories p JOIN customers c ON c.id = p.customer_id ORDER BY p.customer_id
                """).map { row in
                let refs: String = row["fraud_references"]
                return PlantedStory(customerId: row["customer_id"], walletId: row["wallet_id"],
                                    kind: StoryKind(rawValue: row["kind"]) ?? .takeover,
                                    compromisedAt: (row["compromised_at"] as Int64?).map(Date.init(epoch:)),
                                    fraudReferences: Set(refs.split(separator: " ").map(String.init)))
            }
        }
    }

    /// Runs the investigation on every planted story, as the console would, and scores it.
    public func evaluateDetector() throws -> (verdicts: [StoryVerdict], evaluation: DetectorEvaluation) {
        let verdicts = try plantedStories().map { story in
            let found = try investigate(customerId: story.customerId)
            return StoryVerdict(story: story, markedAt: found.compromise?.at, selected: Set(found.suspects.map(\.reference)))
        }
        return (verdicts, DetectorEvaluation(verdicts))
    }
}
