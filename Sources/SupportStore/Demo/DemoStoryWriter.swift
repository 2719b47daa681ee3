import Foundation
import GRDB
import SupportCore

/// Writes the rows a demo ticket's text speaks of, for its customer, before the ticket
/// was written (and, for a follow-up that reports more, before that follow-up). Nothing
/// it writes is later than the latest of those moments, which are never after now.
struct DemoStoryWriter {
    let db: Database
    let customerId: Int64
    let ticketNumber: Int64
    let created: Int64
    let followUpAt: Int64?
    /// Other customers' names: the friend a transfer was meant for.
    let otherNames: [String]
    var rng: SplitMix64
    private var written = 0

    init(db: Database, customerId: Int64, ticketNumber: Int64, created: Int64, followUpAt: Int64?, otherNames: [String], seed: UInt64) {
        self.db = db
        self.customerId = customerId
        self.ticketNumber = ticketNumber
        self.created = created
        self.followUpAt = followUpAt
        self.otherNames = otherNames
        // Its own stream per ticket, so the rest of the demo is the same whatever a story draws.
        rng = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(ticketNumber))
    }

    private static let minute: Int64 = 60, hour: Int64 = 3_600, day: Int64 = 86_400

    mutating func write(_ story: DemoStory) throws {
        let (minute, hour, day) = (Self.minute, Self.hour, Self.day)
        switch story {
        case .smsCodeNotArriving:
            // Three codes asked for, each superseding the last, none entered.
            let first = created - 50 * minute - draw(0...600)
            let times = [first, first + 15 * minute, first + 30 * minute]
            for (n, at) in times.enumerated() {
                try code(channel: "sms", at: at, invalidatedAt: n < 2 ? times[n + 1] : nil)
            }
        case .kycRejected:
            try db.execute(sql: "UPDATE customers SET kyc_level = 1, daily_limit = ? WHERE id = ?",
                           arguments: [10_000_000_00, customerId])
        case .closeWithBalance:
            try db.execute(sql: "UPDATE customers SET balance = ? WHERE id = ? AND balance = 0",
                           arguments: [draw(50...900) * 10_000_00, customerId])
        case .closeAfterEmptying:
            let balance = try Int64.fetchOne(db, sql: "SELECT balance FROM customers WHERE id = ?", arguments: [customerId]) ?? 0
            try transaction(.withdrawal, .success, amount: balance > 0 ? balance : draw(20...400) * 10_000_00,
                            counterparty: DemoContent.banks[Int(draw(0...4))], at: created - draw((2 * hour)...(2 * day)))
            try db.execute(sql: "UPDATE customers SET balance = 0 WHERE id = ?", arguments: [customerId])
        case .forgottenPIN:
            let device = try boundDevice()
            for n in 0..<3 { try login(device: device, at: created - (45 - Int64(n) * 8) * minute, place: "Jakarta Selatan", ok: false) }
            try code(channel: "sms", at: created - 15 * minute, invalidatedAt: nil)
        case .resetMailMissing:
            try code(channel: "email", at: created - draw((20 * minute)...(2 * hour)), invalidatedAt: nil)
        case .resetLinkExpired:
            let at = created - 5 * minute - draw(0...59)
            try code(channel: "email", at: at, invalidatedAt: created - minute)
        case .qrisFailedButCharged:
            try transaction(.qrPayment, .failed, amount: 45_000_00, counterparty: "Warung Bu Sri",
                            failure: "NETWORK_TIMEOUT", at: created - 2 * day - draw(hour...(6 * hour)))
        case .insufficientFundsWrongly:
            let amount = draw(150...900) * 1_000_00
            // "My balance is enough": it holds well over the amount.
            try db.execute(sql: "UPDATE customers SET balance = MAX(balance, ?) WHERE id = ?", arguments: [amount * 3, customerId])
            let at = JakartaTime.latest(hour: 15, notAfter: created - hour) + draw(0...(20 * minute))
            try transaction(.payment, .failed, amount: amount, counterparty: "Tokopedia", failure: "INSUFFICIENT_FUNDS", at: at)
        case .failedTwiceAtIndomaret:
            let at = created - draw((30 * minute)...(5 * hour))
            let amount = draw(30...250) * 1_000_00
            try transaction(.payment, .failed, amount: amount, counterparty: "Indomaret", failure: "SERVICE_UNAVAILABLE", at: at)
            try transaction(.payment, .failed, amount: amount, counterparty: "Indomaret", failure: "SERVICE_UNAVAILABLE",
                            at: at + draw(90...300))
        case .transferPayeeInvalid:
            let friend = otherNames[Int(draw(0...Int64(otherNames.count - 1)))]
            var at = created - 2 * day - draw(0...(6 * hour))
            for _ in 0..<3 {
                try transaction(.p2pOut, .failed, amount: draw(50...500) * 1_000_00, counterparty: friend, failure: "PAYEE_INVALID", at: at)
                at += draw((4 * hour)...(18 * hour))
            }
        case .lastMonthStatement:
            try ensureTransaction(from: JakartaTime.monthStart(created, adding: -1), to: JakartaTime.monthStart(created))
        case .octoberStatement:
            var start = JakartaTime.monthStart(created)
            while JakartaTime.month(start) != 10 { start = JakartaTime.monthStart(start, adding: -1) }
            try ensureTransaction(from: start, to: min(JakartaTime.monthStart(start, adding: 1), created))
        case .unknownTravelokaPayment:
            try transaction(.payment, .success, amount: draw(350...2_500) * 1_000_00, counterparty: "Traveloka",
                            at: created - draw((6 * hour)...(3 * day)))
        case .morningTakeover:
            try morningTakeover()
        case .phoneStolenLastNight:
            let night = JakartaTime.dayStart(created) - day + 20 * hour
            try login(device: try boundDevice(), at: night + draw(0...(2 * hour)), place: "Jakarta Pusat", ok: true)
        case .pinChangedTakeover:
            let changed = created - draw((2 * hour)...(6 * hour))
            let device = try strangerDevice(at: changed + 40 * minute)
            try db.execute(sql: """
                INSERT INTO account_events (customer_id, kind, at, device_id, place, ip, actor, detail)
                VALUES (?, 'password_changed', ?, ?, 'Medan', ?, 'customer', 'PIN changed in the app')
                """, arguments: [customerId, changed, device, ip("103.47")])
            try login(device: device, at: changed + 2 * minute, place: "Medan", ok: true)
            try transaction(.p2pOut, .success, amount: draw(100...400) * 10_000_00, counterparty: StoryScript.mules[0], at: changed + 10 * minute)
            try transaction(.withdrawal, .success, amount: draw(100...400) * 10_000_00, counterparty: StoryScript.thiefBanks[0],
                            at: changed + 25 * minute)
        case .nightMerchantBurst:
            var at = JakartaTime.latest(hour: 2, notAfter: created - hour) + draw(0...(5 * minute))
            let merchant = "Toko Abadi Jaya"
            for _ in 0..<5 {
                try transaction(.qrPayment, .success, amount: draw(10...50) * 1_000_00, counterparty: merchant, at: at)
                at += draw((3 * minute)...(9 * minute))
            }
        case .foreignLoginAlert:
            let at = created - draw(hour...(10 * hour))
            try login(device: try strangerDevice(at: at), at: at, place: "Singapore", ok: true)
        case .appCrashOnSamsung:
            try ownPhone(model: "Samsung Galaxy A54", platform: "android")
        case .appCrashOnIPhone:
            try ownPhone(model: "iPhone 13", platform: "ios")
        case .updateStuck:
            try db.execute(sql: "UPDATE devices SET app_version = '5.2.0' WHERE id = ? AND app_version = ?",
                           arguments: [try boundDevice(), DemoStory.latestAppVersion])
        case .updateFromOldVersion:
            try db.execute(sql: "UPDATE devices SET app_version = '4.12.0' WHERE id = ?", arguments: [try boundDevice()])
        case .refundNeverArrived:
            try transaction(.payment, .failed, amount: draw(120...900) * 1_000_00 + 500_00,
                            counterparty: DemoContent.merchants[Int(draw(0...7))], failure: "NETWORK_TIMEOUT",
                            at: created - 21 * day - draw(0...(4 * day)))
        case .cashbackMissing:
            // The qualifying payment comes after the last cashback the customer did get.
            let lastCashback = try Int64.fetchOne(db, sql: """
                SELECT MAX(at) FROM transactions WHERE customer_id = ? AND type = 'cashback' AND at <= ?
                """, arguments: [customerId, created]) ?? 0
            let from = min(max(lastCashback + 10 * minute, created - 10 * day), created - 2 * minute)
            let to = max(from, created - hour)
            try transaction(.payment, .success, amount: draw(100...600) * 1_000_00, counterparty: "Shopee", at: draw(from...to))
        case .serviceComplaint, .suggestion:
            break
        }
    }

    /// A stranger logs in from a phone of their own this morning and sends two transfers;
    /// a follow-up that reports one more has it too.
    private mutating func morningTakeover() throws {
        let (minute, hour) = (Self.minute, Self.hour)
        let morning = JakartaTime.dayStart(created) + 6 * hour
        let end = min(created - 10 * minute, JakartaTime.dayStart(created) + 12 * hour)
        let span = end - morning
        let login = morning + span / 10
        let device = try strangerDevice(at: followUpAt ?? end)
        try self.login(device: device, at: login - 3 * minute, place: "Medan", ok: false)
        try self.login(device: device, at: login, place: "Medan", ok: true)
        for (n, share) in [4, 7].enumerated() {
            try transaction(.p2pOut, .success, amount: draw(150...600) * 10_000_00, counterparty: StoryScript.mules[n + 1],
                            at: morning + span * Int64(share) / 10)
        }
        if let followUpAt {
            try transaction(.p2pOut, .success, amount: draw(150...600) * 10_000_00, counterparty: StoryScript.mules[3],
                            at: created + (followUpAt - created) / 2)
        }
    }

    // MARK: rows

    private mutating func draw(_ range: ClosedRange<Int64>) -> Int64 { Int64.random(in: range, using: &rng) }

    private func ip(_ net: String) -> String { "\(net).\(ticketNumber % 250 + 1).\(ticketNumber * 7 % 253 + 1)" }

    private mutating func transaction(_ type: TransactionType, _ status: TransactionStatus, amount: Int64, counterparty: String,
                                      failure: String? = nil, at: Int64) throws {
        written += 1
        let channel = switch type {
        case .qrPayment: "qris"
        case .payment, .refund: "merchant_api"
        case .withdrawal: "bank_transfer"
        case .topup: "bank_va"
        case .billPayment: "biller"
        case .cashback: "promo"
        case .p2pIn, .p2pOut: "app"
        }
        // Story references sit above the bulk of the demo's and never collide with them.
        try db.execute(sql: """
            INSERT INTO transactions (reference, customer_id, type, status, amount, currency, counterparty, channel, failure_code, at, flagged)
            VALUES (?, ?, ?, ?, ?, 'IDR', ?, ?, ?, ?, 0)
            """, arguments: ["TX" + String(5_200_000_000 + ticketNumber * 100 + Int64(written)), customerId, type.rawValue,
                             status.rawValue, amount, counterparty, channel, failure, at])
    }

    private mutating func ensureTransaction(from start: Int64, to end: Int64) throws {
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM transactions WHERE customer_id = ? AND at >= ? AND at < ?",
                                     arguments: [customerId, start, end]) ?? 0
        guard count == 0, end > start else { return }
        try transaction(.payment, .success, amount: draw(20...800) * 1_000_00, counterparty: "Indomaret",
                        at: start + draw(0...(end - start - 1)))
    }

    private func code(channel: String, at: Int64, invalidatedAt: Int64?) throws {
        // A code asked for in the app; its hash is of nothing anyone knows.
        try db.execute(sql: """
            INSERT INTO verification_codes (customer_id, code_hash, salt, channel, destination, created_at, expires_at, invalidated_at)
            VALUES (?, 'planted', 'planted', ?, ?, ?, ?, ?)
            """, arguments: [customerId, channel, channel == "sms" ? "+62 81*-****-****" : "b***@example.com", at, at + 600, invalidatedAt])
    }

    private func boundDevice() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT id FROM devices WHERE customer_id = ? ORDER BY bound DESC, id LIMIT 1",
                           arguments: [customerId])!
    }

    private func login(device: Int64, at: Int64, place: String, ok: Bool) throws {
        try db.execute(sql: "INSERT INTO login_events (customer_id, device_id, at, place, ip, success) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [customerId, device, at, place, ip(place == "Singapore" ? "116.86" : "103.47"), ok])
        try db.execute(sql: "UPDATE devices SET last_seen_at = MAX(last_seen_at, ?) WHERE id = ?", arguments: [at, device])
    }

    /// A phone the customer never used, last seen at `lastSeen`.
    private mutating func strangerDevice(at lastSeen: Int64) throws -> Int64 {
        let phone = StoryScript.newPhones[Int(draw(0...Int64(StoryScript.newPhones.count - 1)))]
        try db.execute(sql: """
            INSERT INTO devices (customer_id, model, platform, app_version, bound, last_seen_at) VALUES (?, ?, ?, ?, 0, ?)
            """, arguments: [customerId, phone.0, phone.1, DemoStory.latestAppVersion, lastSeen])
        return db.lastInsertedRowID
    }

    /// The customer's own phone is the model the text names (used up to the ticket).
    private mutating func ownPhone(model: String, platform: String) throws {
        let owned = try Int64.fetchOne(db, sql: "SELECT id FROM devices WHERE customer_id = ? AND model = ? ORDER BY bound DESC LIMIT 1",
                                       arguments: [customerId, model])
        let device = try owned ?? boundDevice()
        try db.execute(sql: "UPDATE devices SET model = ?, platform = ?, last_seen_at = MAX(last_seen_at, ?) WHERE id = ?",
                       arguments: [model, platform, created - draw((10 * Self.minute)...(3 * Self.hour)), device])
    }
}
