import Foundation
import SupportCore
import SupportStore

/// Admin: one method per request, named and shaped like the store's service minus the
/// actor (the side that runs the request decides who is acting).
extension SupportClient {
    @discardableResult public func recordAuditAccess(action: String, what: String) throws -> Empty {
        try send(RecordAuditAccessRequest(action: action, what: what))
    }

    @discardableResult public func verifyAuditChain() throws -> AuditVerification {
        try send(VerifyAuditChainRequest())
    }

    @discardableResult public func auditRecords(entity: String? = nil, entityId: String? = nil, limit: Int = 100) throws -> [AuditRecord] {
        try send(AuditRecordsRequest(entity: entity, entityId: entityId, limit: limit))
    }

    @discardableResult public func importContacts(_ batch: IntakeBatch, channel: Channel, autoCloseDays: Int = TicketLifecycle.defaultAutoCloseDays) throws -> IntakeReport {
        try send(ImportContactsRequest(batch: batch, channel: channel, autoCloseDays: autoCloseDays))
    }

    /// A folder of mail. In this process (embedded) it is read on a second thread while the
    /// chunks already read are imported; a service is sent the whole folder as one batch,
    /// as `importContacts(_:)` sends it. The report is the same either way.
    @discardableResult public func importContacts(reading folder: IntakeFolderReader, channel: Channel,
                                                  autoCloseDays: Int = TicketLifecycle.defaultAutoCloseDays) throws -> IntakeReport {
        guard let embedded = self as? EmbeddedClient else {
            return try importContacts(folder.readAll(), channel: channel, autoCloseDays: autoCloseDays)
        }
        return try embedded.importContacts(reading: folder, channel: channel, autoCloseDays: autoCloseDays)
    }

    public func agent(login: String) throws -> Agent? {
        try send(AgentRequest(login: login))
    }

    public func agent(id: Int64) throws -> Agent? {
        try send(AgentByIdRequest(id: id))
    }

    public func agents(includeDisabled: Bool = true) throws -> [Agent] {
        try send(AgentsRequest(includeDisabled: includeDisabled))
    }

    /// The language `login`'s console speaks (nil: follow the locale); agents set their own.
    @discardableResult public func setAgentUILanguage(login: String, language: ContentLanguage?) throws -> Agent {
        try send(SetAgentUILanguageRequest(login: login, language: language))
    }

    @discardableResult public func addAgent(login: String, name: String, role: Role) throws -> Agent {
        try send(AddAgentRequest(login: login, name: name, role: role))
    }

    @discardableResult public func setAgentActive(login: String, active: Bool) throws -> Empty {
        try send(SetAgentActiveRequest(login: login, active: active))
    }

    public func slaPolicies() throws -> [SLAPolicy] {
        try send(SlaPoliciesRequest())
    }

    public func holidays() throws -> [Holiday] {
        try send(HolidaysRequest())
    }

    @discardableResult public func authorizeReport(_ name: String, detail: String) throws -> Empty {
        try send(AuthorizeReportRequest(name: name, detail: detail))
    }

    @discardableResult public func setAgentRole(login: String, role: Role) throws -> Empty {
        try send(SetAgentRoleRequest(login: login, role: role))
    }

    public func auditReport() throws -> AuditReport {
        try send(AuditReportRequest())
    }
}

extension SupportClient {
    public func categoryRules() throws -> [CategoryRule] {
        try send(CategoryRulesRequest())
    }

    /// The rule intake would apply to this subject and body, or nil (untriaged).
    public func matchCategoryRule(subject: String, body: String = "") throws -> CategoryRule? {
        try send(MatchCategoryRuleRequest(subject: subject, body: body))
    }

    @discardableResult public func addCategoryRule(keyword: String, language: ContentLanguage, category: Category,
                                                   subcategory: String? = nil) throws -> CategoryRule {
        try send(AddCategoryRuleRequest(keyword: keyword, language: language, category: category, subcategory: subcategory))
    }

    @discardableResult public func removeCategoryRule(id: Int64) throws -> Empty {
        try send(RemoveCategoryRuleRequest(id: id))
    }

    @discardableResult public func setCategory(ticket: Int64, to: Category, subcategory: String? = nil,
                                               expecting: Int64? = nil) throws -> Ticket {
        try send(SetCategoryRequest(ticket: ticket, to: to, subcategory: subcategory, expecting: expecting))
    }
}
