import SupportCore

// Requests that as a whole belong to a role. The gate is in `SupportRequest.run`, so it
// holds for the service and the embedded mode alike; the command line's and console's own
// checks only phrase the refusal earlier.
extension BacklogReportRequest { public static var permission: Permission? { .viewReports } }
extension SlaReportRequest { public static var permission: Permission? { .viewReports } }
extension AgentReportRequest { public static var permission: Permission? { .viewReports } }
extension VolumeReportRequest { public static var permission: Permission? { .viewReports } }
extension CsatReportRequest { public static var permission: Permission? { .viewReports } }
extension SupervisorDashboardRequest { public static var permission: Permission? { .viewReports } }
extension SuggestionsRequest { public static var permission: Permission? { .viewReports } }
extension AuditRecordsRequest { public static var permission: Permission? { .verifyAuditLog } }
extension VerifyAuditChainRequest { public static var permission: Permission? { .verifyAuditLog } }
extension AuditReportRequest { public static var permission: Permission? { .verifyAuditLog } }
extension DeliveryFailuresRequest { public static var permission: Permission? { .viewReports } }
// Any agent may ask: the store lets agents set their own console language and admins
// anyone's, a rule finer than one role.
extension SetAgentUILanguageRequest { public static var permission: Permission? { nil } }
