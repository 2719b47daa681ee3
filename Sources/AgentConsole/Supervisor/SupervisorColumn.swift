import SupportCore
import TermUI

/// The supervisor boxes' columns, one case per column of a box (a box's width is its own:
/// these do not change with the screen's). Headings are the catalogue's; the count and bar
/// columns beside a label have none.
enum SupervisorColumn: ListColumn {
    case why, number, pri, due, owner, subject, slaLabel, slaAll
    case slaFirstReply, slaResolution, slaRest, status, statusCount, category, categoryCount, priority
    case priorityCount, ageBand, ageBar, ageCount, channel, perDay, today, fortnight
    case agent, open, pending, solved, firstReply, resolve, csat, viewing
    case csatLabel, answers, average, satisfied, csatBar, requestNumber, action, wallet
    case by, age, reason, ticket, via, ago

    var title: MessageID? {
        switch self {
        case .why: .headWhy
        case .number: .colNumber
        case .pri: .headPri
        case .due: .headDue
        case .owner: .headOwner
        case .subject: .colSubject
        case .slaAll: .headAll
        case .slaFirstReply: .headFirstReply
        case .slaResolution: .headResolution
        case .status: .colStatus
        case .category: .headCategory
        case .priority: .headPriority
        case .channel: .colChannel
        case .perDay: .headPerDay
        case .today: .headToday
        case .fortnight: .headFortnight
        case .agent: .headAgent
        case .open: .headOpen
        case .pending: .headPending
        case .solved: .headSolved
        case .firstReply: .headFirstReplyShort
        case .resolve: .headResolve
        case .csat: .headCSAT
        case .viewing: .headViewing
        case .answers: .headAnswers
        case .average: .headAverage
        case .satisfied: .headSatisfied
        case .requestNumber: .colNumber
        case .action: .headAction
        case .wallet: .headWallet
        case .by: .headBy
        case .age: .headAge
        case .reason: .colReason
        case .ticket: .headTicket
        case .via: .headVia
        case .ago: .headAgo
        case .slaLabel, .slaRest, .statusCount, .categoryCount, .priorityCount, .ageBand, .ageBar, .ageCount, .csatLabel, .csatBar: nil
        }
    }

    func heading(_ language: ContentLanguage) -> String { title.map { Catalogue.text($0, language) } ?? "" }

    func width(in paneWidth: Int) -> Int? {
        switch self {
        case .subject, .slaRest, .ageBar, .perDay, .viewing, .csatBar, .reason: 0
        case .pri: 3
        case .why, .csat, .answers, .average, .requestNumber: 4
        case .statusCount, .categoryCount, .priorityCount, .ageBand, .ageCount, .today, .fortnight, .open,
             .pending: 5
        case .number, .owner, .solved, .satisfied, .by, .age, .via, .ago: 6
        case .ticket: 7
        case .due, .status, .priority, .channel, .agent: 8
        case .category, .firstReply, .resolve: 9
        case .csatLabel: 10
        case .slaLabel, .wallet: 12
        case .slaAll, .slaFirstReply, .slaResolution, .action: 13
        }
    }

    var alignment: Alignment {
        switch self {
        case .due, .slaAll, .slaFirstReply, .slaResolution, .statusCount, .categoryCount, .priorityCount, .ageCount,
             .today, .fortnight, .open, .pending, .solved, .firstReply, .resolve, .csat, .answers, .average, .satisfied,
             .age, .ago: .right
        default: .left
        }
    }

    /// A box's columns, headed in `language`.
    static func table(_ columns: [SupervisorColumn], _ language: ContentLanguage) -> [TableColumn] {
        table(columns, width: 0, language: language)
    }
}
