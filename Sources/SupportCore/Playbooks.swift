/// A short text in every support language.
public struct LocalizedText: Sendable, Hashable, Codable {
    public var en: String
    public var id: String
    public var zh: String

    public init(en: String, id: String, zh: String) { self.en = en; self.id = id; self.zh = zh }

    public func text(in language: ContentLanguage) -> String {
        switch language {
        case .en: en
        case .id: id
        case .zh: zh
        }
    }
}

/// One step of a playbook. Steps that correspond to a security action name it, so the
/// console can offer the action next to the step instead of making the agent hunt for it.
public struct PlaybookStep: Sendable, Hashable, Codable, Identifiable {
    public var key: String
    public var text: LocalizedText
    public var securityAction: SecurityActionKind?
    /// Set on steps whose completion is a finding, not a tick.
    public var result: PlaybookStepResult?

    public init(key: String, text: LocalizedText, securityAction: SecurityActionKind? = nil, result: PlaybookStepResult? = nil) {
        self.key = key; self.text = text; self.securityAction = securityAction; self.result = result
    }

    public var id: String { key }
}

/// What must be on record before a step counts as done: "review the activity, flag each"
/// is not done by pressing Enter with nothing flagged.
public enum PlaybookStepResult: String, Sendable, Hashable, Codable {
    /// At least one of the customer's transactions flagged, or a reason why none is suspicious.
    case flagsOrReason = "flags_or_reason"
}

/// An ordered checklist for one kind of ticket. Ticking a step is recorded on the
/// ticket's timeline (`playbook_step` events), so the playbook itself stays plain data.
public struct Playbook: Sendable, Hashable, Codable, Identifiable {
    public var key: String
    public var title: LocalizedText
    public var category: Category
    /// nil applies to every subcategory of `category`.
    public var subcategory: String?
    public var steps: [PlaybookStep]

    public init(key: String, title: LocalizedText, category: Category, subcategory: String?,
                steps: [PlaybookStep]) {
        self.key = key; self.title = title; self.category = category
        self.subcategory = subcategory; self.steps = steps
    }

    public var id: String { key }

    public func applies(to category: Category, subcategory: String?) -> Bool {
        self.category == category && (self.subcategory == nil || self.subcategory == subcategory)
    }

    /// Steps not yet done, in order; the first is what the agent should do next.
    public func remainingSteps(done: Set<String>) -> [PlaybookStep] {
        steps.filter { !done.contains($0.key) }
    }

    /// Playbooks for a ticket, the exact subcategory match first.
    public static func applicable(to category: Category, subcategory: String?,
                                  in playbooks: [Playbook] = builtIn) -> [Playbook] {
        let matching = playbooks.filter { $0.applies(to: category, subcategory: subcategory) }
        return matching.filter { $0.subcategory != nil } + matching.filter { $0.subcategory == nil }
    }

    public static func named(_ key: String) -> Playbook? {
        builtIn.first { $0.key == key }
    }
}
