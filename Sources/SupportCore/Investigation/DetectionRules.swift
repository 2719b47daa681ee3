/// The signals the takeover detector looks for. Each has a weight an admin can change
/// (0 turns it off); nothing is hidden in a model: a mark is the sum of the weights of
/// the signals named in its explanation.
public enum DetectionSignal: String, Sendable, Codable, CaseIterable {
    // On logins, binds and credential events: does this fit the last 90 days?
    case unseenDevice = "unseen_device"
    case unseenPlace = "unseen_place"
    case unseenNetwork = "unseen_network"
    case failedLoginBefore = "failed_login_before"
    case contactChangeBefore = "contact_change_before"
    case resetNotStarted = "reset_not_started"
    case twoFactorOff = "two_factor_off"
    // On money leaving after the compromise point.
    case newCounterparty = "new_counterparty"
    case withdrawal
    case largeAmount = "large_amount"

    public var isTransactionSignal: Bool {
        self == .newCounterparty || self == .withdrawal || self == .largeAmount
    }

    public var defaultWeight: Int {
        switch self {
        case .unseenDevice, .contactChangeBefore, .resetNotStarted: 3
        case .twoFactorOff: 2
        case .unseenPlace, .unseenNetwork, .failedLoginBefore: 1
        case .newCounterparty, .withdrawal, .largeAmount: 1
        }
    }

    /// One line for `?`, the rules command and the README.
    public var meaning: String {
        switch self {
        case .unseenDevice: "login or bind from a device not seen in the baseline"
        case .unseenPlace: "login from a place not seen in the baseline"
        case .unseenNetwork: "login from a network (first two IP octets) not seen in the baseline"
        case .failedLoginBefore: "failed login from an unseen place or network shortly before"
        case .contactChangeBefore: "phone or email changed shortly before this login"
        case .resetNotStarted: "password reset or change from an unseen device or place"
        case .twoFactorOff: "two-factor verification turned off"
        case .newCounterparty: "money to a counterparty never paid in the baseline"
        case .withdrawal: "withdrawal to a bank account"
        case .largeAmount: "amount far above the customer's usual (median of the baseline)"
        }
    }
}

/// The numbers that frame the signals: thresholds and windows.
public enum DetectionSetting: String, Sendable, Codable, CaseIterable {
    case markThreshold = "mark_threshold"
    case selectThreshold = "select_threshold"
    case baselineDays = "baseline_days"
    case minBaselineLogins = "min_baseline_logins"
    case failedLoginMinutes = "failed_login_minutes"
    case contactChangeHours = "contact_change_hours"
    case largeAmountFactor = "large_amount_factor"
    case minBaselinePayments = "min_baseline_payments"

    public var defaultValue: Int {
        switch self {
        case .markThreshold: 4
        case .selectThreshold: 1
        case .baselineDays: 90
        case .minBaselineLogins: 3
        case .failedLoginMinutes: 60
        case .contactChangeHours: 24
        case .largeAmountFactor: 4
        case .minBaselinePayments: 5
        }
    }

    public var meaning: String {
        switch self {
        case .markThreshold: "an event whose signals add up to this marks the compromise point"
        case .selectThreshold: "a transaction after it whose signals add up to this is pre-selected"
        case .baselineDays: "days of history an event is compared with"
        case .minBaselineLogins: "successful logins the baseline needs before anything counts as unseen"
        case .failedLoginMinutes: "how far back a failed login counts"
        case .contactChangeHours: "how far back a contact change counts"
        case .largeAmountFactor: "large means at least this many times the usual amount"
        case .minBaselinePayments: "payments the baseline needs before an amount can be large"
        }
    }
}

/// Weights and settings as the detector uses them. Stored one row per name in the
/// `detection_rules` table; any name missing there takes its default.
public struct DetectionRules: Sendable, Codable, Equatable {
    public var weights: [DetectionSignal: Int]
    public var settings: [DetectionSetting: Int]

    public init(weights: [DetectionSignal: Int] = [:], settings: [DetectionSetting: Int] = [:]) {
        self.weights = weights
        self.settings = settings
    }

    public static let defaults = DetectionRules()

    public func weight(_ signal: DetectionSignal) -> Int { weights[signal] ?? signal.defaultWeight }
    public subscript(_ setting: DetectionSetting) -> Int { settings[setting] ?? setting.defaultValue }

    /// Every rule as (name, value, meaning), signals first, for display and for storage.
    public var rows: [(name: String, value: Int, meaning: String)] {
        DetectionSignal.allCases.map { ($0.rawValue, weight($0), $0.meaning) }
            + DetectionSetting.allCases.map { ($0.rawValue, self[$0], $0.meaning) }
    }

    /// Sets a rule by its table name; false when no rule has that name.
    @discardableResult
    public mutating func set(_ name: String, _ value: Int) -> Bool {
        if let signal = DetectionSignal(rawValue: name) { weights[signal] = value; return true }
        if let setting = DetectionSetting(rawValue: name) { settings[setting] = value; return true }
        return false
    }

    public static func isKnown(_ name: String) -> Bool {
        DetectionSignal(rawValue: name) != nil || DetectionSetting(rawValue: name) != nil
    }

    /// Settings that would make the detector meaningless are refused, not clamped.
    public static func problem(name: String, value: Int) -> String? {
        guard isKnown(name) else {
            let known = (DetectionSignal.allCases.map(\.rawValue) + DetectionSetting.allCases.map(\.rawValue)).joined(separator: ", ")
            return "No detection rule is called \(name); the rules are \(known)."
        }
        guard value >= 0, value <= 10_000 else { return "\(name) must be between 0 and 10000." }
        if value == 0, let setting = DetectionSetting(rawValue: name),
           [.markThreshold, .selectThreshold, .baselineDays, .largeAmountFactor].contains(setting) {
            return "\(name) cannot be 0 (every event would match)."
        }
        return nil
    }
}
