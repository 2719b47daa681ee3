import Foundation
import GRDB
import SupportCore
@testable import SupportStore

/// What each demo text says happened, as questions to the customer's data. Each returns
/// what is missing; an empty list is a story the data bears out.
extension DemoStoryAudit {
    func check(_ story: DemoStory, _ t: TicketFacts) throws -> [String] {
        let (minute, hour, day) = (Self.minute, Self.hour, Self.day)
        var missing: [String] = []
        func need(_ ok: Bool, _ what: String) { if !ok { missing.append(what) } }
        let c = t.created
        switch story {
        case .smsCodeNotArriving:
            need(try codes(t, channel: "sms", from: c - 2 * hour, to: c) >= 3, "three SMS codes asked for, none entered, before the ticket")
        case .kycRejected:
            need((try customer(t)["kyc_level"] as Int) < 2, "an account whose KYC is not verified")
        case .closeWithBalance:
            let row = try customer(t)
            need(row["status"] as String == "active" && (row["balance"] as Int64) > 0, "an open account with a balance left")
        case .closeAfterEmptying:
            need((try customer(t)["balance"] as Int64) == 0, "a balance of zero")
            need(try transactions(t, "type = 'withdrawal' AND status = 'success'", from: c - 3 * day, to: c) >= 1,
                 "the withdrawal that moved the balance out, in the days before")
        case .forgottenPIN:
            need(try logins(t, "l.success = 0", from: c - 2 * hour, to: c) >= 2, "failed logins just before the ticket")
            need(try codes(t, channel: "sms", from: c - 2 * hour, to: t.followUp ?? c) >= 1, "an SMS code that was never entered")
        case .resetMailMissing:
            need(try codes(t, channel: "email", from: c - day, to: c) >= 1, "a reset mail asked for and not used")
        case .resetLinkExpired:
            need(try codes(t, channel: "email", from: c - 7 * minute, to: c - 3 * minute) >= 1, "a reset link asked for five minutes before")
        case .qrisFailedButCharged:
            let when = "type = 'qr_payment' AND status = 'failed' AND failure_code IS NOT NULL AND counterparty = 'Warung Bu Sri' AND amount = 4500000"
            need(try transactions(t, when, from: c - 4 * day, to: c) >= 1, "a failed Rp45.000 QRIS payment at Warung Bu Sri before the ticket")
            if let followUp = t.followUp {
                need(try transactions(t, when, from: c - 4 * day, to: followUp - 2 * day) >= 1, "that payment two days before the follow-up")
            }
        case .insufficientFundsWrongly:
            let balance: Int64 = try customer(t)["balance"]
            // Around 3 pm in Jakarta (UTC+7): 14:00–15:59.
            let afternoon = "((at + 25200) % 86400) / 3600 IN (14, 15)"
            need(try transactions(t, """
                type = 'payment' AND status = 'failed' AND failure_code = 'INSUFFICIENT_FUNDS' AND counterparty = 'Tokopedia'
                AND amount <= \(balance) AND \(afternoon)
                """, from: c - 2 * day, to: c) >= 1, "a Tokopedia payment refused for funds around 3 pm, with the balance to cover it")
        case .failedTwiceAtIndomaret:
            need(try transactions(t, "status = 'failed' AND failure_code = 'SERVICE_UNAVAILABLE' AND counterparty = 'Indomaret'",
                                  from: c - day, to: c) >= 2, "two Indomaret payments failed with service unavailable")
        case .transferPayeeInvalid:
            need(try transactions(t, "type = 'p2p_out' AND status = 'failed' AND failure_code = 'PAYEE_INVALID'",
                                  from: c - 7 * day, to: c) >= 2, "transfers to a friend refused for an invalid payee")
        case .lastMonthStatement:
            let last = Self.jakartaMonthStart(c, back: 1), this = Self.jakartaMonthStart(c, back: 0)
            need(try transactions(t, "1", from: last.start, to: this.start - 1) >= 1, "transactions last month")
        case .octoberStatement:
            let october = (0...12).lazy.map { Self.jakartaMonthStart(c, back: $0) }.first { $0.month == 10 }!
            need(try transactions(t, "1", from: october.start, to: min(c, october.start + 31 * day - 1)) >= 1, "transactions in October")
        case .unknownTravelokaPayment:
            need(try transactions(t, "type = 'payment' AND status = 'success' AND counterparty = 'Traveloka'", from: c - 7 * day, to: c) >= 1,
                 "a Traveloka payment in the days before")
        case .morningTakeover:
            missing += try morningTakeover(t)
        case .phoneStolenLastNight:
            let midnight = Self.jakartaMidnight(c)
            need(try logins(t, "l.success = 1 AND d.bound = 1", from: midnight - 6 * hour, to: min(c, midnight + 2 * hour)) >= 1,
                 "the phone in use last night")
        case .pinChangedTakeover:
            let changed = try Int64.fetchOne(db, sql: """
                SELECT MAX(at) FROM account_events WHERE customer_id = ? AND kind = 'password_changed' AND at BETWEEN ? AND ?
                """, arguments: [t.customer, c - day, c])
            need(changed != nil, "the PIN change the SMS told of")
            if let changed {
                need(try logins(t, "l.success = 1 AND d.bound = 0", from: changed, to: c) >= 1, "a login from a stranger's phone after the change")
                need(try transactions(t, "type IN ('p2p_out','withdrawal') AND status = 'success'", from: changed, to: c) >= 1,
                     "transfers after the change")
            }
        case .nightMerchantBurst:
            let burst = try Int.fetchOne(db, sql: """
                SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM transactions
                 WHERE customer_id = ? AND status = 'success' AND at BETWEEN ? AND ? AND ((at + 25200) % 86400) / 3600 = 2
                 GROUP BY counterparty)
                """, arguments: [t.customer, c - 30 * hour, c]) ?? 0
            need(burst >= 5, "five payments to one merchant at 2 am")
        case .foreignLoginAlert:
            need(try logins(t, "l.success = 1 AND l.place = 'Singapore'", from: c - day, to: c) >= 1, "a login from Singapore")
        case .appCrashOnSamsung:
            need(try count("SELECT COUNT(*) FROM devices WHERE customer_id = ? AND model = 'Samsung Galaxy A54'", [t.customer]) >= 1,
                 "a Samsung Galaxy A54")
        case .appCrashOnIPhone:
            need(try count("SELECT COUNT(*) FROM devices WHERE customer_id = ? AND model = 'iPhone 13' AND last_seen_at >= ?",
                           [t.customer, c - 2 * day]) >= 1, "an iPhone 13 in use since yesterday")
        case .updateStuck:
            need(try count("SELECT COUNT(*) FROM devices WHERE customer_id = ? AND app_version != ?",
                           [t.customer, DemoStory.latestAppVersion]) >= 1, "a phone on an older app version")
        case .updateFromOldVersion:
            need(try count("SELECT COUNT(*) FROM devices WHERE customer_id = ? AND app_version = '4.12.0'", [t.customer]) >= 1,
                 "a phone on version 4.12.0")
        case .refundNeverArrived:
            need(try count("""
                SELECT COUNT(*) FROM transactions f WHERE f.customer_id = ? AND f.status = 'failed' AND f.at BETWEEN ? AND ?
                AND NOT EXISTS (SELECT 1 FROM transactions r WHERE r.customer_id = f.customer_id AND r.type = 'refund'
                                AND r.amount = f.amount AND r.at > f.at)
                """, [t.customer, c - 30 * day, c - 20 * day]) >= 1, "a failed payment three weeks before, never refunded")
        case .cashbackMissing:
            need(try count("""
                SELECT COUNT(*) FROM transactions p WHERE p.customer_id = ? AND p.status = 'success'
                AND p.type IN ('payment','qr_payment') AND p.at BETWEEN ? AND ?
                AND NOT EXISTS (SELECT 1 FROM transactions k WHERE k.customer_id = p.customer_id AND k.type = 'cashback'
                                AND k.at BETWEEN p.at AND ?)
                """, [t.customer, c - 14 * day, c, c]) >= 1, "a qualifying payment with no cashback after it")
        case .serviceComplaint, .suggestion:
            break  // about the service or the product, not the account
        }
        return missing
    }

    /// A stranger's login this morning, then two transfers before the ticket (and a third
    /// before a follow-up that reports it).
    func morningTakeover(_ t: TicketFacts) throws -> [String] {
        let midnight = Self.jakartaMidnight(t.created)
        let morningEnd = min(t.created, midnight + 12 * Self.hour)
        guard let login = try Int64.fetchOne(db, sql: """
            SELECT MIN(l.at) FROM login_events l JOIN devices d ON d.id = l.device_id
            WHERE l.customer_id = ? AND d.customer_id = l.customer_id AND l.success = 1 AND d.bound = 0 AND l.at BETWEEN ? AND ?
            """, arguments: [t.customer, midnight + 5 * Self.hour, morningEnd]) else {
            return ["a stranger's login this morning"]
        }
        var missing: [String] = []
        let outgoing = "type IN ('p2p_out','withdrawal') AND status = 'success'"
        if try transactions(t, outgoing, from: login, to: morningEnd) < 2 { missing.append("two transfers this morning after that login") }
        if let followUp = t.followUp, try transactions(t, outgoing, from: login, to: followUp) < 3 {
            missing.append("the new transfer the follow-up reports")
        }
        return missing
    }

    /// The investigation stories: what the customer reports happened before they wrote.
    func plantedStory(_ t: TicketFacts) throws -> [String] {
        let row = try Row.fetchOne(db, sql: "SELECT * FROM planted_stories WHERE customer_id = ?", arguments: [t.customer])!
        let kind = StoryKind(rawValue: row["kind"])!
        switch kind {
        case .takeover, .simSwap:
            let refs = (row["fraud_references"] as String).split(separator: " ").map(String.init)
            let before = try count("""
                SELECT COUNT(*) FROM transactions WHERE customer_id = ? AND status = 'success' AND at < ?
                AND reference IN (\(refs.map { _ in "?" }.joined(separator: ",")))
                """, StatementArguments([t.customer, t.created] + refs.map { $0 as (any DatabaseValueConvertible) }))
            return refs.isEmpty || before < refs.count ? ["the transfers the customer did not make, before the ticket"] : []
        case .newPhone:
            return try logins(t, "l.success = 1 AND d.bound = 0", from: t.created - 3 * Self.day, to: t.created) >= 1
                ? [] : ["the new phone's login before the ticket"]
        case .tripAbroad:
            return try transactions(t, "status = 'failed' AND failure_code IS NOT NULL", from: t.created - 3 * Self.day, to: t.created) >= 1
                ? [] : ["the payment refused abroad, before the ticket"]
        }
    }
}
