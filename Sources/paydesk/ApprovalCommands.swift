import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportStore

struct ApprovalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approvals", abstract: "Maker-checker requests: list, approve, reject (supervisors; never your own).",
        subcommands: [List.self, Approve.self, Reject.self])

    /// Which requests to list; `pending` is the work queue.
    enum StateFilter: String, ExpressibleByArgument, CaseIterable {
        case pending, approved, rejected, all
        var state: SecurityActionState? {
            switch self {
            case .pending: .pendingApproval
            case .approved: .approved
            case .rejected: .rejected
            case .all: nil
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List requests, oldest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "pending, approved, rejected or all.") var state: StateFilter = .pending
        @Option(help: "At most this many rows.") var limit: Int = 200
        @Flag(help: "JSON output.") var json = false
        func run() throws {
            let client = try global.client()
            _ = try client.whoAmI()
            let rows = try client.approvals(state: state.state, limit: limit)
            if json { return try Output.json(rows) }
            Output.table(["ID", "ACTION", "CUSTOMER", "ASKED BY", "ASKED AT", "STATE", "DECIDED BY", "TICKET", "REASON"], rows.map {
                [String($0.id), $0.kind.rawValue, $0.walletId, $0.requestedBy, TimeText.clock($0.requestedAt),
                 $0.state.rawValue, $0.decidedBy ?? "-", $0.ticketNumber.map(TicketNumber.format) ?? "-", $0.reason]
            })
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "approve", abstract: "Approve a request; its effect applies at once.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Request id.") var id: Int64
        @Option(help: "Why (recorded and audited).") var reason: String
        func run() throws {
            let client = try global.client()
            let decided = try client.approve(requestId: id, reason: reason)
            print("Approved request #\(decided.id): \(decided.kind.phrase) for \(decided.walletId).")
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reject", abstract: "Reject a request; nothing changes on the account.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Request id.") var id: Int64
        @Option(help: "Why (recorded and audited).") var reason: String
        func run() throws {
            let client = try global.client()
            let decided = try client.reject(requestId: id, reason: reason)
            print("Rejected request #\(decided.id) to \(decided.kind.phrase) for \(decided.walletId).")
        }
    }
}
