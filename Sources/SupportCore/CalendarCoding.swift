import Foundation

/// The business calendar on the wire between the service and its clients (complaint
/// deadlines are read against it at every frame). Not part of any command's JSON output.
extension BusinessCalendar: Codable {
    enum CodingKeys: String, CodingKey {
        case timeZone = "time_zone", workingDays = "working_days", opensAtMinute = "opens_at_minute"
        case closesAtMinute = "closes_at_minute", holidays, isAlwaysOpen = "always_open"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let zone = TimeZone(identifier: try c.decode(String.self, forKey: .timeZone)) ?? BusinessCalendar.jakarta
        if try c.decode(Bool.self, forKey: .isAlwaysOpen) {
            self = BusinessCalendar.alwaysOpen(in: zone)
        } else {
            self.init(timeZone: zone, workingDays: try c.decode(Set<Weekday>.self, forKey: .workingDays),
                      opensAtMinute: try c.decode(Int.self, forKey: .opensAtMinute),
                      closesAtMinute: try c.decode(Int.self, forKey: .closesAtMinute),
                      holidays: try c.decode(Set<String>.self, forKey: .holidays))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(timeZone.identifier, forKey: .timeZone)
        try c.encode(workingDays.map(\.rawValue).sorted(), forKey: .workingDays)
        try c.encode(opensAtMinute, forKey: .opensAtMinute)
        try c.encode(closesAtMinute, forKey: .closesAtMinute)
        try c.encode(holidays.sorted(), forKey: .holidays)
        try c.encode(isAlwaysOpen, forKey: .isAlwaysOpen)
    }
}

extension CodingUserInfoKey {
    /// Set by the service's encoder: values may carry fields meant for a client, not a person.
    public static let paydeskWire = CodingUserInfoKey(rawValue: "paydesk.wire")!
}
