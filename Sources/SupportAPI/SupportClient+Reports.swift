import Foundation
import SupportCore
import SupportStore

/// Reports: one method per request, named and shaped like the store's service minus the
/// actor (the side that runs the request decides who is acting).
extension SupportClient {
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

    public func supervisorDashboard(periodDays: Int = 7, complaintWorkingDays: Int = 2) throws -> SupervisorDashboard {
        try send(SupervisorDashboardRequest(periodDays: periodDays, complaintWorkingDays: complaintWorkingDays))
    }
}
