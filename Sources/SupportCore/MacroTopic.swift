/// What kind of ticket a macro is written for, so the picker can put the macros for
/// the ticket in front of the agent first instead of in the order they were written.
public struct MacroTopic: Sendable, Hashable, Codable {
    public var category: Category
    /// nil: every subcategory of `category`.
    public var subcategory: String?

    public init(category: Category, subcategory: String? = nil) {
        self.category = category; self.subcategory = subcategory
    }
}

extension Macro {
    /// The built-in macros' topics, by key (shared by every translation of a macro).
    /// A macro without a topic (`solved-confirmation`) fits any ticket and ranks after
    /// the ones written for it.
    public static let topics: [String: MacroTopic] = [
        "failed-payment-checklist": MacroTopic(category: .payment, subcategory: "failed_payment"),
        "failed-payment-investigating": MacroTopic(category: .payment, subcategory: "failed_payment"),
        "password-reset-guide": MacroTopic(category: .account, subcategory: "password_reset"),
        "account-secured": MacroTopic(category: .security, subcategory: "stolen_account"),
        "appeal-details-request": MacroTopic(category: .security, subcategory: "stolen_account"),
        "transaction-history-export": MacroTopic(category: .payment, subcategory: "transaction_query"),
        "complaint-acknowledged": MacroTopic(category: .complaint),
        "complaint-escalated": MacroTopic(category: .complaint),
        "app-update-advice": MacroTopic(category: .technical),
    ]

    public var topic: MacroTopic? { Self.topics[key] }

    /// How well the macro fits a ticket: 4 written for its subcategory, 3 for its whole
    /// category, 2 for another subcategory of it, 1 for any ticket, 0 for another kind.
    public func relevance(category: Category, subcategory: String) -> Int {
        guard let topic else { return 1 }
        guard topic.category == category else { return 0 }
        if topic.subcategory == subcategory { return 4 }
        return topic.subcategory == nil ? 3 : 2
    }

    /// `macros` with the best fits for the ticket first; equals keep their order.
    public static func ranked(_ macros: [Macro], category: Category, subcategory: String) -> [Macro] {
        macros.enumerated().sorted { a, b in
            let ra = a.element.relevance(category: category, subcategory: subcategory)
            let rb = b.element.relevance(category: category, subcategory: subcategory)
            return ra != rb ? ra > rb : a.offset < b.offset
        }.map(\.element)
    }
}
