/// Why a payment failed, as the payment switch reports it, and what it means in words
/// an agent can say to a customer (the guide's failed-payment checklist).
public enum FailureCode {
    public static let all = ["INSUFFICIENT_FUNDS", "NETWORK_TIMEOUT", "PAYEE_INVALID", "LIMIT_EXCEEDED",
                             "APP_OUTDATED", "SERVICE_UNAVAILABLE", "RISK_BLOCKED"]

    public static func meaning(_ code: String) -> String {
        switch code {
        case "INSUFFICIENT_FUNDS": "balance was lower than the amount"
        case "NETWORK_TIMEOUT": "the phone's connection dropped before confirmation"
        case "PAYEE_INVALID": "the payee account or QR code was not valid"
        case "LIMIT_EXCEEDED": "the daily limit for this KYC level was reached"
        case "APP_OUTDATED": "the app version is too old; the customer must update"
        case "SERVICE_UNAVAILABLE": "a temporary outage at the wallet or a partner"
        case "RISK_BLOCKED": "stopped by fraud controls; check for an account takeover"
        default: "unknown code"
        }
    }
}

/// The current app release, against which customers' devices are checked.
public enum AppRelease {
    public static let latest = "5.3.4"
}
