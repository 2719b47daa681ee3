import Foundation
import SupportCore
import SupportStore

/// One method per request, named and shaped like the store's service minus the actor:
/// the side that runs the request decides who is acting.
extension SupportClient {
    @discardableResult public func recordAuditAccess(action: String, what: String) throws -> Empty {
        try send(RecordAuditAccessRequest(action: action, what: what))
    }

    @discardableResult public func recordConsoleSession(opened: Bool) throws -> Empty {
        try send(RecordConsoleSessionRequest(opened: opened))
    }

    @discardableResult public func verifyAuditChain() throws -> AuditVerification {
        try send(VerifyAuditChainRequest())
    }

    @discardableResult public func auditRecords(entity: String? = nil, entityId: String? = nil, limit: Int = 100) throws -> [AuditRecord] {
        try send(AuditRecordsRequest(entity: entity, entityId: entityId, limit: limit))
    }

    public func outboxList(pendingOnly: Bool = false, limit: Int = 100) throws -> [OutboxMessage] {
        try send(OutboxListRequest(pendingOnly: pendingOnly, limit: limit))
    }

    @discardableResult public func drainOutbox(to: String) throws -> OutboxDrainReport {
        try send(DrainOutboxRequest(to: to))
    }

    @discardableResult public func freeze(customerId: Int64, reason: String, ticket: Int64? = nil) throws -> SecurityActionRecord {
        try send(FreezeRequest(customerId: customerId, reason: reason, ticket: ticket))
    }

    @discardableResult public func requestUnfreeze(customerId: Int64, reason: String, ticket: Int64? = nil) throws -> SecurityActionRecord {
        try send(RequestUnfreezeRequest(customerId: customerId, reason: reason, ticket: ticket))
    }

    @discardableResult public func requestClose(customerId: Int64, reason: String, ticket: Int64? = nil) throws -> SecurityActionRecord {
        try send(RequestCloseRequest(customerId: customerId, reason: reason, ticket: ticket))
    }

    @discardableResult public func forceCredentialReset(customerId: Int64, reason: String, ticket: Int64? = nil, channel: OutboxChannel = .sms) throws -> CodeDispatch {
        try send(ForceCredentialResetRequest(customerId: customerId, reason: reason, ticket: ticket, channel: channel))
    }

    public func approvals(state: SecurityActionState? = .pendingApproval, limit: Int = 200) throws -> [SecurityActionRecord] {
        try send(ApprovalsRequest(state: state, limit: limit))
    }

    public func securityAction(id: Int64) throws -> SecurityActionRecord {
        try send(SecurityActionRequest(id: id))
    }

    @discardableResult public func approve(requestId: Int64, reason: String) throws -> SecurityActionRecord {
        try send(ApproveRequest(requestId: requestId, reason: reason))
    }

    @discardableResult public func reject(requestId: Int64, reason: String) throws -> SecurityActionRecord {
        try send(RejectRequest(requestId: requestId, reason: reason))
    }

    public func securityHistory(customerId: Int64, limit: Int = 100) throws -> [SecurityActionRecord] {
        try send(SecurityHistoryRequest(customerId: customerId, limit: limit))
    }

    public func availableActions(for customer: Customer) throws -> [AvailableSecurityAction] {
        try send(AvailableActionsRequest(customer: customer))
    }

    @discardableResult public func revokeSessions(customerId: Int64, reason: String, ticket: Int64? = nil) throws -> SecurityActionRecord {
        try send(RevokeSessionsRequest(customerId: customerId, reason: reason, ticket: ticket))
    }

    @discardableResult public func unbindDevice(customerId: Int64, deviceId: Int64, reason: String, ticket: Int64? = nil) throws -> SecurityActionRecord {
        try send(UnbindDeviceRequest(customerId: customerId, deviceId: deviceId, reason: reason, ticket: ticket))
    }

    @discardableResult public func requireTwoFactor(customerId: Int64, reason: String, ticket: Int64? = nil) throws -> SecurityActionRecord {
        try send(RequireTwoFactorRequest(customerId: customerId, reason: reason, ticket: ticket))
    }

    public func sessions(customerId: Int64, limit: Int = 50) throws -> [CustomerSession] {
        try send(SessionsRequest(customerId: customerId, limit: limit))
    }

    public func sessionsRevokedAt(customerId: Int64) throws -> Date? {
        try send(SessionsRevokedAtRequest(customerId: customerId))
    }

    public func disputes(customerId: Int64) throws -> [Dispute] {
        try send(DisputesRequest(customerId: customerId))
    }

    @discardableResult public func flagTransaction(reference: String, reason: String, ticket: Int64? = nil) throws -> SecurityActionRecord {
        try send(FlagTransactionRequest(reference: reference, reason: reason, ticket: ticket))
    }

    @discardableResult public func openDispute(reference: String, reason: String, ticket: Int64? = nil) throws -> Dispute {
        try send(OpenDisputeRequest(reference: reference, reason: reason, ticket: ticket))
    }

    @discardableResult public func openAppeal(customerId: Int64, timeOfCompromise: Date, suspiciousReferences: [String], reason: String, ticket: Int64? = nil) throws -> Dispute {
        try send(OpenAppealRequest(customerId: customerId, timeOfCompromise: timeOfCompromise, suspiciousReferences: suspiciousReferences, reason: reason, ticket: ticket))
    }

    @discardableResult public func requestDisputeRefund(disputeId: Int64, reason: String, ticket: Int64? = nil) throws -> SecurityActionRecord {
        try send(RequestDisputeRefundRequest(disputeId: disputeId, reason: reason, ticket: ticket))
    }

    @discardableResult public func requestDisputeRefund(reference: String, reason: String, ticket: Int64? = nil) throws -> SecurityActionRecord {
        try send(RequestDisputeRefundByReferenceRequest(reference: reference, reason: reason, ticket: ticket))
    }

    @discardableResult public func openComplaint(ticket: Int64, statement: String, expectedOutcome: String) throws -> ComplaintRecord {
        try send(OpenComplaintRequest(ticket: ticket, statement: statement, expectedOutcome: expectedOutcome))
    }

    @discardableResult public func addEvidence(ticket: Int64, kind: EvidenceKind, text: String) throws -> ComplaintRecord {
        try send(AddEvidenceRequest(ticket: ticket, kind: kind, text: text))
    }

    @discardableResult public func recordDecision(ticket: Int64, text: String) throws -> ComplaintRecord {
        try send(RecordDecisionRequest(ticket: ticket, text: text))
    }

    @discardableResult public func escalateComplaint(ticket: Int64, to: ComplaintLevel, reason: String) throws -> ComplaintRecord {
        try send(EscalateComplaintRequest(ticket: ticket, to: to, reason: reason))
    }

    @discardableResult public func closeComplaint(ticket: Int64, outcome: String, accepted: Bool) throws -> ComplaintRecord {
        try send(CloseComplaintRequest(ticket: ticket, outcome: outcome, accepted: accepted))
    }

    public func complaintWorkingDays() throws -> Int {
        try send(ComplaintWorkingDaysRequest())
    }

    @discardableResult public func setComplaintWorkingDays(_ days: Int) throws -> Empty {
        try send(SetComplaintWorkingDaysRequest(days: days))
    }

    public func complaint(ticket: Int64) throws -> ComplaintRecord? {
        try send(ComplaintRequest(ticket: ticket))
    }

    public func complaintsNearDeadline(within: Int, limit: Int = 100) throws -> [ComplaintRecord] {
        try send(ComplaintsNearDeadlineRequest(within: within, limit: limit))
    }

    public func suggestions(from: Date, to: Date, limit: Int = 5_000) throws -> [SuggestionRow] {
        try send(SuggestionsRequest(from: from, to: to, limit: limit))
    }

    @discardableResult public func recordCSAT(ticket: Int64, score: Int, comment: String? = nil) throws -> CSATResponse {
        try send(RecordCSATRequest(ticket: ticket, score: score, comment: comment))
    }

    public func csatReport(period: ReportPeriod) throws -> CSATReport {
        try send(CsatReportRequest(period: period))
    }

    public func backlogReport(period: ReportPeriod) throws -> BacklogReport {
        try send(BacklogReportRequest(period: period))
    }

    public func slaReport(period: ReportPeriod) throws -> SLAReport {
        try send(SlaReportRequest(period: period))
    }

    public func agentReport(period: ReportPeriod) throws -> AgentReport {
        try send(AgentReportRequest(period: period))
    }

    public func volumeReport(period: ReportPeriod) throws -> VolumeReport {
        try send(VolumeReportRequest(period: period))
    }

    @discardableResult public func bulk(_ change: BulkChange, tickets: [BulkTarget], locale: ContentLanguage = .en) throws -> BulkOutcome {
        try send(BulkRequest(change: change, tickets: tickets, locale: locale))
    }

    public func supervisorDashboard(periodDays: Int = 7, complaintWorkingDays: Int = 2) throws -> SupervisorDashboard {
        try send(SupervisorDashboardRequest(periodDays: periodDays, complaintWorkingDays: complaintWorkingDays))
    }

    @discardableResult public func importContacts(_ batch: IntakeBatch, channel: Channel, autoCloseDays: Int = TicketLifecycle.defaultAutoCloseDays) throws -> IntakeReport {
        try send(ImportContactsRequest(batch: batch, channel: channel, autoCloseDays: autoCloseDays))
    }

    public func macros() throws -> [Macro] {
        try send(MacrosRequest())
    }

    public func playbooks() throws -> [Playbook] {
        try send(PlaybooksRequest())
    }

    @discardableResult public func applyMacro(ticket: Int64, key: String, locale: ContentLanguage = .en, body: String? = nil,
                                              seenEventId: Int64? = nil, expecting: Int64? = nil) throws -> Ticket {
        try send(ApplyMacroRequest(ticket: ticket, key: key, locale: locale, body: body, seenEventId: seenEventId, expecting: expecting))
    }

    @discardableResult public func recordPlaybookStep(ticket: Int64, playbook: String, step: String, skipped: Bool = false, note: String? = nil) throws -> Empty {
        try send(RecordPlaybookStepRequest(ticket: ticket, playbook: playbook, step: step, skipped: skipped, note: note))
    }

    public func playbookProgress(ticket: Int64, playbook: String) throws -> [PlaybookStepRecord] {
        try send(PlaybookProgressRequest(ticket: ticket, playbook: playbook))
    }

    @discardableResult public func tag(ticket: Int64, add: [String] = [], remove: [String] = [], expecting: Int64? = nil) throws -> Ticket {
        try send(TagRequest(ticket: ticket, add: add, remove: remove, expecting: expecting))
    }

    @discardableResult public func link(ticket: Int64, to: Int64, kind: TicketLinkKind) throws -> Empty {
        try send(LinkRequest(ticket: ticket, to: to, kind: kind))
    }

    public func links(ticket: Int64) throws -> [TicketLink] {
        try send(LinksRequest(ticket: ticket))
    }

    @discardableResult public func merge(ticket: Int64, into: Int64, expecting: Int64? = nil) throws -> Empty {
        try send(MergeRequest(ticket: ticket, into: into, expecting: expecting))
    }

    public func customer(id: Int64) throws -> Customer {
        try send(CustomerRequest(id: id))
    }

    @discardableResult public func findCustomer(_ key: String) throws -> Customer {
        try send(FindCustomerRequest(key: key))
    }

    public func devices(customerId: Int64) throws -> [Device] {
        try send(DevicesRequest(customerId: customerId))
    }

    public func loginEvents(customerId: Int64, limit: Int = 10) throws -> [LoginEvent] {
        try send(LoginEventsRequest(customerId: customerId, limit: limit))
    }

    public func tickets(customerId: Int64, limit: Int = 50) throws -> [TicketSummary] {
        try send(TicketsRequest(customerId: customerId, limit: limit))
    }

    public func customerView(id: Int64) throws -> Customer {
        try send(CustomerViewRequest(id: id))
    }

    @discardableResult public func revealContact(customerId: Int64, reason: String) throws -> Customer {
        try send(RevealContactRequest(customerId: customerId, reason: reason))
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

    @discardableResult public func addAgent(login: String, name: String, role: Role) throws -> Agent {
        try send(AddAgentRequest(login: login, name: name, role: role))
    }

    @discardableResult public func setAgentActive(login: String, active: Bool) throws -> Empty {
        try send(SetAgentActiveRequest(login: login, active: active))
    }

    @discardableResult public func reply(ticket: Int64, body: String, seenEventId: Int64? = nil, setStatus: TicketStatus? = nil, expecting: Int64? = nil) throws -> Ticket {
        try send(ReplyRequest(ticket: ticket, body: body, seenEventId: seenEventId, setStatus: setStatus, expecting: expecting))
    }

    @discardableResult public func note(ticket: Int64, body: String, expecting: Int64? = nil) throws -> Ticket {
        try send(NoteRequest(ticket: ticket, body: body, expecting: expecting))
    }

    @discardableResult public func setStatus(ticket: Int64, to: TicketStatus, expecting: Int64? = nil) throws -> Ticket {
        try send(SetStatusRequest(ticket: ticket, to: to, expecting: expecting))
    }

    @discardableResult public func setPriority(ticket: Int64, to: Priority, expecting: Int64? = nil) throws -> Ticket {
        try send(SetPriorityRequest(ticket: ticket, to: to, expecting: expecting))
    }

    @discardableResult public func escalate(ticket: Int64, reason: String, expecting: Int64? = nil) throws -> Ticket {
        try send(EscalateRequest(ticket: ticket, reason: reason, expecting: expecting))
    }

    @discardableResult public func claim(ticket: Int64, expecting: Int64? = nil) throws -> Ticket {
        try send(ClaimRequest(ticket: ticket, expecting: expecting))
    }

    @discardableResult public func give(ticket: Int64, to: String, expecting: Int64? = nil) throws -> Ticket {
        try send(GiveRequest(ticket: ticket, to: to, expecting: expecting))
    }

    @discardableResult public func steal(ticket: Int64, reason: String, expecting: Int64? = nil) throws -> Ticket {
        try send(StealRequest(ticket: ticket, reason: reason, expecting: expecting))
    }

    @discardableResult public func release(ticket: Int64, expecting: Int64? = nil) throws -> Ticket {
        try send(ReleaseRequest(ticket: ticket, expecting: expecting))
    }

    public func slaPolicies() throws -> [SLAPolicy] {
        try send(SlaPoliciesRequest())
    }

    public func holidays() throws -> [Holiday] {
        try send(HolidaysRequest())
    }

    public func slaClocks(ticket: Int64) throws -> [SLAClockStatus] {
        try send(SlaClocksRequest(ticket: ticket))
    }

    @discardableResult public func setPresence(ticketNumber: Int64?, state: PresenceState) throws -> Bool {
        try send(SetPresenceRequest(ticketNumber: ticketNumber, state: state))
    }

    public func presence(ticketNumber: Int64) throws -> [PresenceEntry] {
        try send(PresenceRequest(ticketNumber: ticketNumber))
    }

    @discardableResult public func saveDraft(ticketNumber: Int64, kind: String, body: String) throws -> Empty {
        try send(SaveDraftRequest(ticketNumber: ticketNumber, kind: kind, body: body))
    }

    public func draft(ticketNumber: Int64) throws -> Draft? {
        try send(DraftRequest(ticketNumber: ticketNumber))
    }

    @discardableResult public func deleteDraft(ticketNumber: Int64) throws -> Empty {
        try send(DeleteDraftRequest(ticketNumber: ticketNumber))
    }

    public func ticket(number: Int64) throws -> Ticket {
        try send(TicketRequest(number: number))
    }

    public func timeline(ticketNumber: Int64) throws -> [TicketEvent] {
        try send(TimelineRequest(ticketNumber: ticketNumber))
    }

    @discardableResult public func createTicket(_ new: NewTicket) throws -> Ticket {
        try send(CreateTicketRequest(new: new))
    }

    @discardableResult public func attachTransaction(reference: String, ticket: Int64) throws -> Ticket {
        try send(AttachTransactionRequest(reference: reference, ticket: ticket))
    }

    public func ticketsLinked(toTransaction: String) throws -> [LinkedTicket] {
        try send(TicketsLinkedRequest(toTransaction: toTransaction))
    }

    public func transactions(customerId: Int64, query: Query = Query(source: "", terms: []), after: Transaction? = nil, before: Transaction? = nil, limit: Int = 100) throws -> [Transaction] {
        try send(TransactionsRequest(customerId: customerId, query: query, after: after, before: before, limit: limit))
    }

    public func oldestTransactions(customerId: Int64, query: Query, limit: Int) throws -> [Transaction] {
        try send(OldestTransactionsRequest(customerId: customerId, query: query, limit: limit))
    }

    public func transactionTotals(customerId: Int64, query: Query = Query(source: "", terms: [])) throws -> TransactionTotals {
        try send(TransactionTotalsRequest(customerId: customerId, query: query))
    }

    @discardableResult public func prepareTransactionExport(customerId: Int64, query: Query, reason: String) throws -> TransactionExportSubject {
        try send(PrepareTransactionExportRequest(customerId: customerId, query: query, reason: reason))
    }

    @discardableResult public func recordExport(customerId: Int64, query: Query, format: String, rows: Int, path: String, reason: String) throws -> Empty {
        try send(RecordExportRequest(customerId: customerId, query: query, format: format, rows: rows, path: path, reason: reason))
    }

    public func queuePage(_ spec: QueueSpec, after: TicketSummary? = nil, before: TicketSummary? = nil, limit: Int = 100) throws -> [TicketSummary] {
        try send(QueuePageRequest(view: spec.view, query: spec.query, sort: spec.sort, after: after, before: before, limit: limit))
    }

    public func queueLastPage(_ spec: QueueSpec, limit: Int = 100) throws -> [TicketSummary] {
        try send(QueueLastPageRequest(view: spec.view, query: spec.query, sort: spec.sort, limit: limit))
    }

    public func queueCount(_ spec: QueueSpec) throws -> Int {
        try send(QueueCountRequest(view: spec.view, query: spec.query, sort: spec.sort))
    }

    public func queueCounts(query: Query = Query(source: "", terms: [])) throws -> [QueueView: Int] {
        try send(QueueCountsRequest(query: query))
    }

    public func investigate(customerId: Int64, since: Date? = nil) throws -> Investigation {
        try send(InvestigateRequest(customerId: customerId, since: since))
    }

    @discardableResult public func flagTransactions(references: [String], reason: String, ticket: Int64? = nil) throws -> FlagBatchResult {
        try send(FlagTransactionsRequest(references: references, reason: reason, ticket: ticket))
    }

    public func detectionRules() throws -> DetectionRules {
        try send(DetectionRulesRequest())
    }

    public func detectionRuleRows() throws -> [DetectionRuleRow] {
        try send(DetectionRuleRowsRequest())
    }

    @discardableResult public func setDetectionRule(name: String, value: Int, reason: String) throws -> Empty {
        try send(SetDetectionRuleRequest(name: name, value: value, reason: reason))
    }

    public func accountTimeline(customerId: Int64, olderThan: TimelineKey? = nil, newerThan: TimelineKey? = nil, since: Date? = nil, limit: Int = 100) throws -> [TimelineEntry] {
        try send(AccountTimelineRequest(customerId: customerId, olderThan: olderThan, newerThan: newerThan, since: since, limit: limit))
    }

    @discardableResult public func recordExportStarted(customerId: Int64, query: Query, format: String, expectedRows: Int, path: String, reason: String) throws -> Int64 {
        try send(RecordExportStartedRequest(customerId: customerId, query: query, format: format, expectedRows: expectedRows, path: path, reason: reason))
    }

    @discardableResult public func authorizeReport(_ name: String, detail: String) throws -> Empty {
        try send(AuthorizeReportRequest(name: name, detail: detail))
    }

    @discardableResult public func verifyCodeForCustomer(customerId: Int64, code: String, channel: Channel, reason: String) throws -> CodeVerification {
        try send(VerifyCodeForCustomerRequest(customerId: customerId, code: code, channel: channel, reason: reason))
    }

    @discardableResult public func setAgentRole(login: String, role: Role) throws -> Empty {
        try send(SetAgentRoleRequest(login: login, role: role))
    }

    @discardableResult public func findCustomer(contact: String, reason: String) throws -> Customer {
        try send(FindCustomerByContactRequest(contact: contact, reason: reason))
    }

    @discardableResult public func findCustomer(_ key: String, reason: String?) throws -> Customer {
        try send(FindCustomerByKeyRequest(key: key, reason: reason))
    }

    @discardableResult public func autoCloseSolved(afterDays: Int) throws -> Int {
        try send(AutoCloseSolvedRequest(afterDays: afterDays))
    }

    public func auditReport() throws -> AuditReport {
        try send(AuditReportRequest())
    }

    public func deliveryStatuses(ticket: Int64) throws -> [Int64: DeliveryStatus] {
        try send(DeliveryStatusesRequest(ticket: ticket))
    }

    @discardableResult public func retryDelivery(outboxId: Int64) throws -> Empty {
        try send(RetryDeliveryRequest(outboxId: outboxId))
    }
}
