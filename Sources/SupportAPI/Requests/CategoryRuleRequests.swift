import SupportCore
import SupportStore

/// `SupportStore.categoryRules` through the seam.
public struct CategoryRulesRequest: SupportRequest {
    public typealias Response = [CategoryRule]
    public static let operation = "categoryRules"
    public static let effect = RequestEffect.read

    public init() {}
    public func handle(_ context: RequestContext) throws -> Response {
        try context.engine.categoryRules()
    }
}

/// `SupportStore.matchCategoryRule` through the seam: the rule intake would apply to a
/// sample subject and body (nil: the mail would be untriaged). Anyone may ask.
public struct MatchCategoryRuleRequest: SupportRequest {
    public typealias Response = CategoryRule?
    public static let operation = "matchCategoryRule"
    public static let effect = RequestEffect.read
    public var subject: String
    public var body: String
    public init(subject: String, body: String) { self.subject = subject; self.body = body }
    public func handle(_ context: RequestContext) throws -> Response {
        try context.engine.matchCategoryRule(subject: subject, body: body)
    }
}

/// `SupportStore.addCategoryRule` through the seam; the store refuses agents and audits it.
public struct AddCategoryRuleRequest: SupportRequest {
    public typealias Response = CategoryRule
    public static let operation = "addCategoryRule"
    public static let effect = RequestEffect.write
    public var keyword: String
    public var language: ContentLanguage
    public var category: Category
    public var subcategory: String?
    public init(keyword: String, language: ContentLanguage, category: Category, subcategory: String?) {
        self.keyword = keyword; self.language = language; self.category = category; self.subcategory = subcategory
    }
    public func handle(_ context: RequestContext) throws -> Response {
        try context.engine.addCategoryRule(keyword: keyword, language: language, category: category, subcategory: subcategory,
                                          by: context.actor)
    }
}

/// `SupportStore.removeCategoryRule` through the seam.
public struct RemoveCategoryRuleRequest: SupportRequest {
    public typealias Response = Empty
    public static let operation = "removeCategoryRule"
    public static let effect = RequestEffect.write
    public var id: Int64
    public init(id: Int64) { self.id = id }
    public func handle(_ context: RequestContext) throws -> Response {
        try context.engine.removeCategoryRule(id: id, by: context.actor)
        return Empty()
    }
}

/// `SupportStore.setCategory` through the seam.
public struct SetCategoryRequest: SupportRequest {
    public typealias Response = Ticket
    public static let operation = "setCategory"
    public static let effect = RequestEffect.write
    public var ticket: Int64
    public var to: Category
    public var subcategory: String?
    public var expecting: Int64?
    public init(ticket: Int64, to: Category, subcategory: String?, expecting: Int64?) {
        self.ticket = ticket; self.to = to; self.subcategory = subcategory; self.expecting = expecting
    }
    public func handle(_ context: RequestContext) throws -> Response {
        try context.engine.setCategory(ticket: ticket, to: to, subcategory: subcategory, by: context.actor, expecting: expecting)
    }
    public func changes(_ response: Response) -> ChangeSet { ChangeSet(tickets: [ticket]) }
}
