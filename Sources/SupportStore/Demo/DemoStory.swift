import Foundation
import SupportCore

/// What happened to a demo customer before they wrote in. Each demo ticket text names
/// one, and `DemoStoryWriter` writes the rows the text speaks of (the failed payment, the
/// thief's login, the code that never arrived) at the times it implies, so that the
/// ticket and the account panes tell one story.
enum DemoStory: String, CaseIterable, Sendable {
    case smsCodeNotArriving, kycRejected, closeWithBalance, closeAfterEmptying
    case forgottenPIN, resetMailMissing, resetLinkExpired
    case qrisFailedButCharged, insufficientFundsWrongly, failedTwiceAtIndomaret, transferPayeeInvalid
    case lastMonthStatement, octoberStatement, unknownTravelokaPayment
    case morningTakeover, phoneStolenLastNight, pinChangedTakeover, nightMerchantBurst, foreignLoginAlert
    case appCrashOnSamsung, appCrashOnIPhone, updateStuck, updateFromOldVersion
    case refundNeverArrived, serviceComplaint, cashbackMissing, suggestion

    /// A part of the account that a story sets rather than adds to: one customer carries
    /// at most one story per part, so that a later story never undoes an earlier one.
    enum Part: Sendable { case balance, kyc, phoneModel, appVersion }

    var sets: Part? {
        switch self {
        case .closeWithBalance, .closeAfterEmptying, .insufficientFundsWrongly: .balance
        case .kycRejected: .kyc
        case .appCrashOnSamsung, .appCrashOnIPhone: .phoneModel
        case .updateStuck, .updateFromOldVersion: .appVersion
        default: nil
        }
    }

    /// A frozen account is frozen because of a suspected takeover: only those stories fit
    /// it. Closed accounts write no tickets.
    var fitsFrozenAccount: Bool {
        switch self {
        case .morningTakeover, .phoneStolenLastNight, .pinChangedTakeover, .nightMerchantBurst, .foreignLoginAlert: true
        default: false
        }
    }

    /// "This morning" and "last night" need a ticket written in the day, not before dawn.
    var writtenInDaytime: Bool { self == .morningTakeover || self == .phoneStolenLastNight }

    /// The complaint record an agent opens for the story: the customer's own grievance.
    var complaint: (statement: String, expectedOutcome: String, evidence: (EvidenceKind, String))? {
        switch self {
        case .refundNeverArrived:
            ("A failed payment three weeks ago was to be refunded within 3 days; the refund has not arrived.",
             "Refund of the failed payment and an apology", (.chatExcerpt, "Agent on chat: \"refund within 3 days\""))
        case .serviceComplaint:
            ("上次电话客服挂断了我的电话，问题也没有解决。", "道歉并解决原来的问题", (.statement, "客户：通话四分钟后被挂断，没有回电。"))
        case .cashbackMissing:
            ("Cashback promo 20% tidak masuk padahal syarat sudah dipenuhi.", "Cashback dikreditkan",
             (.chatExcerpt, "Agent on chat: \"cashback masuk maksimal 3x24 jam\""))
        default: nil
        }
    }

    static let latestAppVersion = "5.3.4"
}

/// Asia/Jakarta wall-clock arithmetic for the stories ("this morning", "around 3 pm"):
/// Jakarta keeps UTC+7 all year.
enum JakartaTime {
    static let offset: Int64 = 7 * 3_600
    static let day: Int64 = 86_400

    /// The UTC instant of the Jakarta midnight that starts `t`'s day.
    static func dayStart(_ t: Int64) -> Int64 { Int64((Double(t + offset) / Double(day)).rounded(.down)) * day - offset }
    static func hour(_ t: Int64) -> Int { Int((t - dayStart(t)) / 3_600) }

    /// The latest instant at `hour`:00 Jakarta time that is not after `t`.
    static func latest(hour: Int, notAfter t: Int64) -> Int64 {
        let sameDay = dayStart(t) + Int64(hour) * 3_600
        return sameDay <= t ? sameDay : sameDay - day
    }

    static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "Asia/Jakarta") ?? TimeZone(secondsFromGMT: 7 * 3_600)!
        return c
    }()

    /// The start of the calendar month holding `t`, moved by `months`.
    static func monthStart(_ t: Int64, adding months: Int = 0) -> Int64 {
        let date = Date(timeIntervalSince1970: TimeInterval(t))
        let first = calendar.date(from: calendar.dateComponents([.year, .month], from: date))!
        return Int64(calendar.date(byAdding: .month, value: months, to: first)!.timeIntervalSince1970)
    }

    static func month(_ t: Int64) -> Int { calendar.component(.month, from: Date(timeIntervalSince1970: TimeInterval(t))) }
}
