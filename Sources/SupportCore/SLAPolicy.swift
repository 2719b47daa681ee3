/// Service-level targets for one priority, optionally narrowed to one category.
public struct SLAPolicy: Sendable, Hashable, Codable {
    public var priority: Priority
    /// nil applies to every category without a policy of its own.
    public var category: Category?
    public var firstResponseMinutes: Int
    public var resolutionMinutes: Int
    /// Share of the target after which a running clock shows a warning.
    public var warningShare: Double
    /// false: minutes run around the clock (24×7); true: only working hours count.
    public var usesBusinessHours: Bool

    public init(priority: Priority, category: Category? = nil, firstResponseMinutes: Int,
                resolutionMinutes: Int, warningShare: Double = 0.75, usesBusinessHours: Bool) {
        self.priority = priority; self.category = category
        self.firstResponseMinutes = firstResponseMinutes; self.resolutionMinutes = resolutionMinutes
        self.warningShare = warningShare; self.usesBusinessHours = usesBusinessHours
    }

    /// Minutes in one working day of the default 08:00–20:00 calendar.
    public static let businessDayMinutes = 12 * 60

    /// Product defaults. Urgent tickets (a stolen account, money gone) run 24×7; the rest
    /// count only working hours, with a business day of 12 hours.
    public static let defaults: [SLAPolicy] = [
        SLAPolicy(priority: .p1, firstResponseMinutes: 30, resolutionMinutes: 4 * 60,
                  usesBusinessHours: false),
        SLAPolicy(priority: .p2, firstResponseMinutes: 2 * 60, resolutionMinutes: businessDayMinutes,
                  usesBusinessHours: true),
        SLAPolicy(priority: .p3, firstResponseMinutes: 8 * 60, resolutionMinutes: 3 * businessDayMinutes,
                  usesBusinessHours: true),
        SLAPolicy(priority: .p4, firstResponseMinutes: businessDayMinutes,
                  resolutionMinutes: 5 * businessDayMinutes, usesBusinessHours: true),
    ]

    /// The policy for a ticket: one written for its category wins over the general one
    /// for its priority; nil when neither exists.
    public static func policy(for priority: Priority, category: Category?,
                              in policies: [SLAPolicy]) -> SLAPolicy? {
        if let category,
           let specific = policies.first(where: { $0.priority == priority && $0.category == category }) {
            return specific
        }
        return policies.first { $0.priority == priority && $0.category == nil }
    }
}
