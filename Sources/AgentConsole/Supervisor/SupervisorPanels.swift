import Foundation
import SupportCore
import SupportStore
import TermUI

/// One cell of a supervisor box: text, a bar or a sparkline, with what Enter shows.
struct PanelCell {
    enum Content {
        case text(String)
        case bar(Double, max: Double)
        case spark([Double], max: Double)
    }

    var content: Content
    var style: String?
    var drill: SupervisorDrill?
    /// Columns this cell covers (a subject running to the right edge).
    var span = 1
    /// Overrides the column's alignment (text spanning number columns reads left to right).
    var alignment: Alignment?

    static func text(_ s: String, _ style: String? = nil, drill: SupervisorDrill? = nil, span: Int = 1,
                     alignment: Alignment? = nil) -> PanelCell {
        PanelCell(content: .text(s), style: style, drill: drill, span: span, alignment: alignment)
    }
}

/// A box's content as a small table, so drawing, cursor movement and drilling all read
/// the same rows and never disagree about what is under the cursor.
struct PanelModel {
    var title: String
    var columns: [TableColumn]
    var showHeader = true
    var rows: [[PanelCell]]
    var empty = Catalogue.text(.supNothing, .en)

    func drillable(_ row: Int) -> [Int] {
        guard rows.indices.contains(row) else { return [] }
        return rows[row].indices.filter { rows[row][$0].drill != nil }
    }
}

/// Builds each box from the loaded dashboard. Pure: the renderer and the key handler call it.
enum SupervisorPanels {
    static func model(_ panel: SupervisorPanel, _ state: ConsoleState) -> PanelModel {
        let l = state.agentLanguage
        let counting = PanelModel(title: state.t(panel.titleID), columns: [], rows: [], empty: state.t(.supCounting))
        guard let d = state.supervisor.data else { return counting }
        // Held figures of another period would pass for the new one's: these two wait.
        if panel == .workload || panel == .csat, !state.supervisor.figuresForPeriod { return counting }
        let period = periodLabel(state.supervisor.periodDays, l)
        switch panel {
        case .attention: return attention(d, now: state.now, l)
        case .sla: return sla(d, now: state.now, l)
        case .backlog: return backlog(d, l)
        case .aging: return aging(d, l)
        case .volume: return volume(d, l)
        case .workload: return workload(d, period: period, l)
        case .csat: return csat(d, period: period, l)
        case .approvals: return approvals(d, now: state.now, l)
        case .deliveries: return deliveries(state.supervisor.failures, now: state.now, l)
        }
    }

    /// "today" or "7 days", in the agent's language.
    static func periodLabel(_ days: Int, _ l: ContentLanguage) -> String {
        days == 1 ? Catalogue.text(.supPeriodToday, l) : Catalogue.text(.supPeriodDays, l, [String(days)])
    }

    static func attention(_ d: SupervisorDashboard, now: Date, _ l: ContentLanguage = .en) -> PanelModel {
        let escalated = d.attention.filter(\.escalated).count
        // A complaint raised above the agent is here from the moment it is raised; one still
        // with the agent only once its deadline nears. The title counts them apart.
        let raised = d.attention.filter { ($0.complaintLevel ?? .agent) != .agent }.count
        let near = d.attention.filter { $0.complaintLevel == .agent }.count
        return PanelModel(
            title: Catalogue.text(raised == 1 ? .supAttentionOne : .supAttention, l, [String(escalated), String(raised), String(near)]),
            columns: SupervisorColumn.table([.why, .number, .pri, .due, .owner, .subject], l),
            rows: d.attention.map { item in
                let raisedComplaint = (item.complaintLevel ?? .agent) != .agent
                let why = item.complaintLevel != nil ? (item.escalated ? "E+C" : raisedComplaint ? "CMP↑" : "CMP") : "ESC"
                return [.text(why, item.complaintLevel != nil ? "warning" : "error"),
                        .text(String(item.number), drill: .ticket(item.number)),
                        .text(item.priority.rawValue.uppercased(), "priority.\(item.priority.rawValue)"),
                        due(item.due, now: now), .text(item.assignee ?? "—"), .text(item.subject)]
            },
            empty: Catalogue.text(.supAttentionEmpty, l))
    }

    static func due(_ date: Date?, now: Date) -> PanelCell {
        guard let date else { return .text("—", "muted") }
        let left = date.timeIntervalSince(now)
        return .text(DurationText.format(left), left <= 0 ? "sla.breached" : left < 3_600 ? "sla.warning" : "sla.ok")
    }

    static func rate(_ row: SLAReport.Row?) -> PanelCell {
        guard let row else { return .text("–", "muted") }
        let style = (row.breachRate ?? 0) > 0.2 ? "sla.breached" : (row.breachRate ?? 0) > 0.1 ? "sla.warning" : "sla.ok"
        return .text("\(Stats.percent(row.breachRate)) \(row.breached)/\(row.measured)", row.measured == 0 ? "muted" : style,
                     drill: .tickets(row.breachedTickets))
    }

    static func sla(_ d: SupervisorDashboard, now: Date, _ l: ContentLanguage = .en) -> PanelModel {
        var rows: [[PanelCell]] = []
        for (label, report) in [(Catalogue.text(.supRowToday, l), d.slaToday), (periodLabel(7, l), d.slaWeek)] {
            rows.append([.text(label), rate(report.row()), rate(report.row("first_response")), rate(report.row("resolution"))])
        }
        rows.append([.text(Catalogue.text(.supRowBreachedNow, l)), .text(String(d.breachedNow.count), d.breachedNow.isEmpty ? "sla.ok" : "sla.breached",
                                                   drill: .tickets(d.breachedNow)), .text(Catalogue.text(.supRowBreachedNowNote, l), "muted", span: 3, alignment: .left)])
        rows.append([.text(Catalogue.text(.supRowWithinHour, l)), .text(String(d.breachingSoon.count), d.breachingSoon.isEmpty ? "sla.ok" : "sla.warning",
                                                 drill: .tickets(d.breachingSoon.map(\.number))), .text(Catalogue.text(.supRowWithinHourNote, l), "muted", span: 3, alignment: .left)])
        for t in d.breachingSoon {
            rows.append([.text("  #\(t.number)", drill: .ticket(t.number)),
                         .text(Catalogue.text(.supDueIn, l, [t.priority.rawValue, DurationText.format((t.slaDueAt ?? now).timeIntervalSince(now))]), "sla.warning",
                               alignment: .left),
                         .text(t.subject, span: 3, alignment: .left)])
        }
        return PanelModel(title: Catalogue.text(.supSLA, l),
                          columns: SupervisorColumn.table([.slaLabel, .slaAll, .slaFirstReply, .slaResolution, .slaRest], l),
                          rows: rows)
    }

    static func backlog(_ d: SupervisorDashboard, _ l: ContentLanguage = .en) -> PanelModel {
        let statuses = TicketStatus.allCases.filter(\.isActive)
        var rows: [[PanelCell]] = []
        func pair(_ label: String?, _ count: Int, _ query: String) -> [PanelCell] {
            guard let label else { return [.text(""), .text("")] }
            return [.text(label), .text(String(count), count == 0 ? "muted" : nil, drill: .query(query))]
        }
        for i in 0..<5 {
            let status = statuses[safe: i]
            let category = Category.allCases[safe: i]
            let priority = Priority.allCases[safe: i]
            var row: [PanelCell] = status.map { pair($0.rawValue, d.backlog.backlog("status", $0.rawValue), "status:\($0.rawValue)") }
                ?? pair(Catalogue.text(.supRowTotal, l), d.backlog.total, "status:unsolved")
            row += category.map { pair($0.rawValue, d.backlog.backlog("category", $0.rawValue), "status:unsolved cat:\($0.rawValue)") } ?? pair(nil, 0, "")
            row += priority.map { pair($0.rawValue, d.backlog.backlog("priority", $0.rawValue), "status:unsolved prio:\($0.rawValue)") } ?? pair(nil, 0, "")
            rows.append(row)
        }
        return PanelModel(title: Catalogue.text(.supBacklog, l, [String(d.backlog.total)]),
                          columns: SupervisorColumn.table([.status, .statusCount, .category, .categoryCount, .priority, .priorityCount], l),
                          rows: rows)
    }

    static func aging(_ d: SupervisorDashboard, _ l: ContentLanguage = .en) -> PanelModel {
        let top = Double(d.aging.map(\.count).max() ?? 0)
        return PanelModel(
            title: Catalogue.text(.supAging, l), columns: SupervisorColumn.table([.ageBand, .ageBar, .ageCount], l),
            showHeader: false,
            rows: d.aging.enumerated().map { i, bucket in
                let old = i >= d.aging.count - 2
                return [.text(bucket.band.label, "chart.label"),
                        PanelCell(content: .bar(Double(bucket.count), max: top), style: old ? "sla.warning" : "chart.bar"),
                        .text(String(bucket.count), "chart.value", drill: .tickets(bucket.tickets))]
            })
    }

    static func volume(_ d: SupervisorDashboard, _ l: ContentLanguage = .en) -> PanelModel {
        let range = d.volume.days.isEmpty ? "" : "\(d.volume.days.first!)..\(d.volume.days.last!)"
        let top = Double(d.volume.rows.flatMap(\.perDay).max() ?? 0)
        var rows: [[PanelCell]] = d.volume.rows.map { row in
            let label = row.channel.replacingOccurrences(of: "_", with: " ")
            return [.text(label), PanelCell(content: .spark(row.perDay.map(Double.init), max: top), style: "sparkline"),
                    .text(String(row.perDay.last ?? 0), drill: .query("channel:\(row.channel) created:today")),
                    .text(String(row.total), drill: .query("channel:\(row.channel) created:\(range)"))]
        }
        let daily = d.volume.days.indices.map { i in d.volume.rows.reduce(0) { $0 + $1.perDay[i] } }
        rows.append([.text(Catalogue.text(.supRowAll, l), "list.footer"), PanelCell(content: .spark(daily.map(Double.init), max: Double(daily.max() ?? 0)), style: "sparkline"),
                     .text(String(daily.last ?? 0), "list.footer", drill: .query("created:today")),
                     .text(String(d.volume.total), "list.footer", drill: .query("created:\(range)"))])
        return PanelModel(title: Catalogue.text(.supVolume, l),
                          columns: SupervisorColumn.table([.channel, .perDay, .today, .fortnight], l),
                          rows: rows)
    }

    /// Working minutes as "45m" or "13h 30m".
    static func minutes(_ m: Double?) -> String {
        guard let m else { return "–" }
        let total = Int(m.rounded())
        return total < 60 ? "\(total)m" : "\(total / 60)h \(total % 60 < 10 ? "0" : "")\(total % 60)m"
    }

    static func workload(_ d: SupervisorDashboard, period: String, _ l: ContentLanguage = .en) -> PanelModel {
        let rows: [[PanelCell]] = (d.agents.rows + [d.agents.team]).map { a in
            let team = a.login == "team"
            let who = team ? "-assignee:none" : "assignee:\(a.login)"
            let solvedToday = team ? d.solvedToday.values.flatMap { $0 } : d.solvedToday[a.login] ?? []
            let csat = d.csat.row(team ? "total" : "agent", team ? "all" : a.login)
            let viewing = team ? nil : d.viewing[a.login]
            let style = team ? "list.footer" : nil
            return [.text(team ? Catalogue.text(.supRowTeam, l) : a.login, style, drill: .query("\(who) status:unsolved")),
                    .text(String(a.open), style, drill: .query("\(who) status:\(TicketStatus.openForWork.map(\.rawValue).joined(separator: ","))")),
                    .text(String(a.pending), style, drill: .query("\(who) status:pending")),
                    .text(String(solvedToday.count), style, drill: .tickets(solvedToday.sorted())),
                    .text(workingMinutes(a.medianFirstResponseMinutes), style, drill: .tickets(a.firstResponseTickets)),
                    .text(workingMinutes(a.medianResolutionMinutes), style, drill: .tickets(a.solvedTickets)),
                    .text(csat?.average.map { Stats.oneDecimal($0) } ?? "–", style, drill: csat.map { .tickets($0.tickets) }),
                    viewing.map { .text("#\($0)", "presence", drill: .ticket($0)) } ?? .text(team ? "" : "—", "muted")]
        }
        // A median of 0 working minutes says why instead of reading as instant work.
        let idle = (d.agents.rows + [d.agents.team]).contains {
            $0.medianFirstResponseMinutes.map { $0.rounded() == 0 } ?? false || $0.medianResolutionMinutes.map { $0.rounded() == 0 } ?? false
        }
        let footnote = idle ? [[PanelCell.text(Catalogue.text(.supNoWorkingTime, l), "muted", span: 8)]] : []
        return PanelModel(title: Catalogue.text(.supWorkload, l, [period]),
                          columns: SupervisorColumn.table([.agent, .open, .pending, .solved, .firstReply, .resolve, .csat, .viewing], l),
                          rows: rows + footnote)
    }

    static let noWorkingTime = Catalogue.text(.supNoWorkingTime, .en)

    /// A median in working minutes; 0 is marked, since it means no working time elapsed
    /// (everything happened outside working hours), not that the work took no time.
    static func workingMinutes(_ m: Double?) -> String {
        guard let m, m.rounded() == 0 else { return minutes(m) }
        return "0m*"
    }

    static func csat(_ d: SupervisorDashboard, period: String, _ l: ContentLanguage = .en) -> PanelModel {
        let chosen = d.csat.rows.filter { $0.dimension != "agent" }
        return PanelModel(
            title: Catalogue.text(.supCSAT, l, [period]),
            columns: SupervisorColumn.table([.csatLabel, .answers, .average, .satisfied, .csatBar], l),
            rows: chosen.map { r in
                let style = r.dimension == "total" ? "list.footer" : nil
                let avgStyle = (r.average ?? 5) < 3 ? "sla.breached" : (r.average ?? 5) < 4 ? "sla.warning" : style
                return [.text(r.dimension == "total" ? Catalogue.text(.supRowAll, l) : r.value, style), .text(String(r.responses), style, drill: .tickets(r.tickets)),
                        .text(Stats.oneDecimal(r.average), avgStyle), .text(Stats.percent(r.satisfiedRate), style)]
            })
    }

    static func approvals(_ d: SupervisorDashboard, now: Date, _ l: ContentLanguage = .en) -> PanelModel {
        PanelModel(
            title: Catalogue.text(.supApprovals, l, [String(d.approvals.count)]),
            columns: SupervisorColumn.table([.requestNumber, .action, .wallet, .by, .age, .reason], l),
            rows: d.approvals.map { r in
                [.text(String(r.id), drill: .approval(r.id)), .text(r.kind.rawValue.replacingOccurrences(of: "_", with: " ")),
                 .text(r.walletId), .text(r.requestedBy), .text(DurationText.format(now.timeIntervalSince(r.requestedAt))),
                 .text(r.reason)]
            },
            empty: Catalogue.text(.supApprovalsEmpty, l))
    }

    static func deliveries(_ failures: [OutboxMessage], now: Date, _ l: ContentLanguage = .en) -> PanelModel {
        PanelModel(
            title: Catalogue.text(.supDeliveries, l, [String(failures.count)]),
            columns: SupervisorColumn.table([.number, .ticket, .via, .ago, .reason], l),
            rows: failures.map { m in
                [.text(String(m.id)), m.ticket.map { .text(TicketNumber.format($0), drill: .ticket($0)) } ?? .text("-"),
                 .text(m.channel.rawValue), .text(m.failedAt.map { DurationText.format(now.timeIntervalSince($0)) } ?? ""),
                 .text(m.lastError ?? "")]
            },
            empty: Catalogue.text(.supDeliveriesEmpty, l))
    }
}

