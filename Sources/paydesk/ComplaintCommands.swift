import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportStore

extension ComplaintLevel: ExpressibleByArgument {}
extension EvidenceKind: ExpressibleByArgument {}

/// `--accepted yes|no`: spelled out so a script cannot pass an ambiguous flag.
enum YesNo: String, ExpressibleByArgument, CaseIterable {
    case yes, no
}

struct ComplaintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complaint",
        abstract: "Complaint records: statement, evidence, decisions, escalation, deadline, outcome; suggestions.",
        subcommands: [ComplaintShow.self, ComplaintOpen.self, ComplaintEvidenceCmd.self, ComplaintDecide.self,
                      ComplaintEscalate.self, ComplaintClose.self, ComplaintDue.self, ComplaintSuggestions.self,
                      ComplaintWorkingDays.self])
}

/// What `complaint show --json` and `complaint due --json` print: the record and its
/// deadline clock at the store's "now".
struct ShownComplaint: Encodable {
    var complaint: ComplaintRecord
    var clock: ComplaintClock
}

struct ComplaintShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a ticket's complaint record.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Ticket number.") var ticket: TicketRef
    @Flag(help: "JSON output.") var json = false

    func run() throws {
        let client = try global.client()
        _ = try client.whoAmI()
        guard let c = try client.complaint(ticket: ticket.number) else {
            throw StoreError.notFound("A complaint record on \(TicketNumber.format(ticket.number))")
        }
        let clock = c.clock(now: client.now())
        if json { return try Output.json(ShownComplaint(complaint: c, clock: clock)) }
        let ladder = ComplaintLevel.allCases.map { $0 == c.level ? "[\($0.rawValue)]" : $0.rawValue }.joined(separator: " → ")
        print("\(TicketNumber.format(c.ticketNumber))  \(PlainText.inert(c.subject))")
        print("level     \(ladder)")
        print("deadline  \(TimeText.clock(c.dueAt)) (\(c.workingDays) working days from \(TimeText.clock(c.receivedAt))): \(clock.text) [\(clock.state.rawValue)]")
        print("statement \(PlainText.inert(c.statement))")
        print("expects   \(PlainText.inert(c.expectedOutcome))")
        print("opened    \(TimeText.clock(c.openedAt)) by \(c.openedBy)")
        section("evidence", c.evidence.map { ("\($0.kind.rawValue) by \($0.addedBy)", $0.addedAt, $0.text) })
        section("decisions", c.decisions.map { ("\($0.level.rawValue) level, by \($0.decidedBy)", $0.decidedAt, $0.text) })
        section("escalations", c.escalations.map { ("\($0.from.rawValue) → \($0.to.rawValue) by \($0.by)", $0.at, $0.reason) })
        if let outcome = c.outcome, let closedAt = c.closedAt {
            let accepted = c.accepted == true ? "customer accepted" : "customer did not accept"
            print("outcome   \(PlainText.inert(outcome)) (\(accepted); closed \(TimeText.clock(closedAt)) by \(c.closedBy ?? "-"))")
        }
    }

    private func section(_ title: String, _ entries: [(String, Date, String)]) {
        guard !entries.isEmpty else { return }
        print("\(title):")
        for (head, at, text) in entries {
            print("  [\(TimeText.clock(at))] \(PlainText.inert(head))")
            for line in PlainText.inertMultiline(text).split(separator: "\n", omittingEmptySubsequences: false) {
                print("      " + line)
            }
        }
    }
}

/// A command that changes one complaint and prints one sentence.
typealias ComplaintChange = ActingCommand

struct ComplaintOpen: ComplaintChange {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Record the complaint on a complaint ticket; starts its deadline.")
    @OptionGroup var global: GlobalOptions
    @Argument var ticket: TicketRef
    @Option(help: "The customer's statement (- reads standard input).") var statement: String
    @Option(name: .customLong("expect"), help: "The outcome the customer expects.") var expect: String
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        let c = try client.openComplaint(ticket: ticket.number, statement: try messageBody(statement),
                                        expectedOutcome: expect)
        return "Complaint recorded on \(TicketNumber.format(c.ticketNumber)); resolution due \(TimeText.clock(c.dueAt)) (\(c.workingDays) working days)."
    }
}

struct ComplaintEvidenceCmd: ComplaintChange {
    static let configuration = CommandConfiguration(commandName: "evidence", abstract: "Add a piece of evidence.")
    @OptionGroup var global: GlobalOptions
    @Argument var ticket: TicketRef
    @Option(help: "chat_excerpt, statement, screenshot (a stored path) or transaction (a reference).") var kind: EvidenceKind
    @Option(help: "The evidence (- reads standard input).") var text: String
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        let c = try client.addEvidence(ticket: ticket.number, kind: kind, text: try messageBody(text))
        return "Evidence added to \(TicketNumber.format(c.ticketNumber)) (\(c.evidence.count) item\(c.evidence.count == 1 ? "" : "s"))."
    }
}

struct ComplaintDecide: ComplaintChange {
    static let configuration = CommandConfiguration(commandName: "decide", abstract: "Record a decision or handling opinion.")
    @OptionGroup var global: GlobalOptions
    @Argument var ticket: TicketRef
    @Option(help: "The decision (- reads standard input).") var text: String
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        let c = try client.recordDecision(ticket: ticket.number, text: try messageBody(text))
        return "Decision recorded on \(TicketNumber.format(c.ticketNumber)) at the \(c.level.rawValue) level."
    }
}

struct ComplaintEscalate: ComplaintChange {
    static let configuration = CommandConfiguration(
        commandName: "escalate", abstract: "Move a complaint one level up: supervisor, management, regulator.",
        discussion: "Agents escalate to a supervisor, supervisors to management, admins to the external regulator; nobody skips a level.")
    @OptionGroup var global: GlobalOptions
    @Argument var ticket: TicketRef
    @Option(help: "supervisor, management or regulator.") var to: ComplaintLevel
    @Option(help: "Why (recorded and audited).") var reason: String
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        let c = try client.escalateComplaint(ticket: ticket.number, to: to, reason: reason)
        return "Complaint on \(TicketNumber.format(c.ticketNumber)) escalated to \(c.level.title)."
    }
}

struct ComplaintClose: ComplaintChange {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Record the final outcome and whether the customer accepted it.")
    @OptionGroup var global: GlobalOptions
    @Argument var ticket: TicketRef
    @Option(help: "The final outcome (- reads standard input).") var outcome: String
    @Option(help: "Did the customer accept it: yes or no.") var accepted: YesNo
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        let c = try client.closeComplaint(ticket: ticket.number, outcome: try messageBody(outcome),
                                         accepted: accepted == .yes)
        return "Complaint on \(TicketNumber.format(c.ticketNumber)) closed (\(c.clock(now: client.now()).text))."
    }
}

struct ComplaintDue: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "due", abstract: "Open complaints near their deadline, overdue first.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Due within this many working days.") var within: Int = 5
    @Option(help: "At most this many rows.") var limit: Int = 100
    @Flag(help: "JSON output.") var json = false

    func run() throws {
        let client = try global.client()
        _ = try client.whoAmI()
        let now = client.now()
        let rows = try client.complaintsNearDeadline(within: within, limit: limit)
        if json { return try Output.json(rows.map { ShownComplaint(complaint: $0, clock: $0.clock(now: now)) }) }
        Output.table(["NUMBER", "LEVEL", "DUE", "LEFT", "SUBJECT"], rows.map {
            [TicketNumber.format($0.ticketNumber), $0.level.rawValue, TimeText.clock($0.dueAt), $0.clock(now: now).text, $0.subject]
        })
    }
}

struct ComplaintSuggestions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggestions", abstract: "Product-feedback report: suggestions received between two days (supervisors).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "First day, yyyy-MM-dd (Asia/Jakarta).") var from: String
    @Option(help: "Last day, inclusive, yyyy-MM-dd.") var to: String
    @Flag(help: "JSON output.") var json = false

    func run() throws {
        guard let first = LocalDate(from) else { throw CommandFailure.usage("--from \(from) is not a date; use yyyy-MM-dd") }
        guard let last = LocalDate(to) else { throw CommandFailure.usage("--to \(to) is not a date; use yyyy-MM-dd") }
        guard first <= last else { throw CommandFailure.usage("--from \(from) is after --to \(to)") }
        let client = try global.client()
        _ = try client.whoAmI()
        try client.authorizeReport("suggestions", detail: "from=\(first) to=\(last)")
        let rows = try client.suggestions(from: first.start(in: TimeText.zone), to: last.end(in: TimeText.zone))
        if json { return try Output.json(rows) }
        Output.table(["NUMBER", "RECEIVED", "CHANNEL", "STATUS", "SUBJECT"], rows.map {
            [TicketNumber.format($0.ticket), TimeText.clock($0.createdAt), $0.channel.rawValue, $0.status.rawValue, $0.subject]
        })
        print("\(rows.count) suggestion\(rows.count == 1 ? "" : "s") from \(first) to \(last).")
    }
}

struct ComplaintWorkingDays: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "working-days", abstract: "Show or set (admins) the working days new complaints get to be resolved.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "New number of working days (1–365); omit to show.") var days: Int?

    func run() throws {
        let client = try global.client()
        _ = try client.whoAmI()
        if let days {
            try client.setComplaintWorkingDays(days)
            print("New complaints get \(days) working days; open ones keep their deadline.")
        } else {
            print("\(try client.complaintWorkingDays()) working days")
        }
    }
}
