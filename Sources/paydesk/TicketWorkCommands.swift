import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportStore

/// A command that acts as the current agent through one store service and prints one
/// sentence. Ticket, complaint and account commands all take this shape.
protocol ActingCommand: ParsableCommand {
    var global: GlobalOptions { get }
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String
}

extension ActingCommand {
    func run() throws {
        let client = try global.client()
        let actor = try client.whoAmI()
        print(try apply(client, actor))
    }
}

/// A command that changes one ticket, optionally only at the version the caller saw.
protocol TicketChange: ActingCommand {
    var ticket: TicketRef { get }
    var expectVersion: Int64? { get }
}

struct TicketClaim: TicketChange {
    static let configuration = CommandConfiguration(commandName: "claim", abstract: "Take an unassigned ticket.")
    @OptionGroup var global: GlobalOptions
    @Argument var ticket: TicketRef
    @Option(name: .customLong("expect-version"), help: "Refuse if the ticket changed since this version.") var expectVersion: Int64?
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        let t = try client.claim(ticket: ticket.number, expecting: expectVersion)
        return "\(TicketNumber.format(t.number)) claimed by \(actor.login)."
    }
}

struct TicketGive: TicketChange {
    static let configuration = CommandConfiguration(commandName: "give", abstract: "Give a ticket to another agent.")
    @OptionGroup var global: GlobalOptions
    @Argument var ticket: TicketRef
    @Argument(help: "The agent's login.") var to: String
    @Option(name: .customLong("expect-version")) var expectVersion: Int64?
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        let t = try client.give(ticket: ticket.number, to: to, expecting: expectVersion)
        return "\(TicketNumber.format(t.number)) given to \(to)."
    }
}

struct TicketSteal: TicketChange {
    static let configuration = CommandConfiguration(commandName: "steal", abstract: "Take a ticket from its owner (supervisors).")
    @OptionGroup var global: GlobalOptions
    @Argument var ticket: TicketRef
    @Option(help: "Why (recorded).") var reason: String
    @Option(name: .customLong("expect-version")) var expectVersion: Int64?
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        let t = try client.steal(ticket: ticket.number, reason: reason, expecting: expectVersion)
        return "\(TicketNumber.format(t.number)) now belongs to \(actor.login)."
    }
}

struct TicketRelease: TicketChange {
    static let configuration = CommandConfiguration(commandName: "release", abstract: "Put a ticket back in the unassigned queue.")
    @OptionGroup var global: GlobalOptions
    @Argument var ticket: TicketRef
    @Option(name: .customLong("expect-version")) var expectVersion: Int64?
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        let t = try client.release(ticket: ticket.number, expecting: expectVersion)
        return "\(TicketNumber.format(t.number)) released."
    }
}

struct TicketReply: TicketChange {
    static let configuration = CommandConfiguration(commandName: "reply", abstract: "Send a public reply to the customer.")
    @OptionGroup var global: GlobalOptions
    @Argument var ticket: TicketRef
    @Option(help: "Reply text (- reads standard input).") var body: String
    @Option(help: "Also set the status (e.g. pending, solved).") var status: TicketStatus?
    @Option(name: .customLong("seen-event"), help: "Refuse if someone wrote after this timeline entry id.") var seenEvent: Int64?
    @Option(name: .customLong("expect-version")) var expectVersion: Int64?
    @Option(help: ArgumentHelp("A file to send with the reply by email; repeat for several (read here and sent in the request; up to 5 MiB each, 10 MiB together).", valueName: "file"))
    var attach: [String] = []
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        let text = try messageBody(body)
        let t = attach.isEmpty
            ? try client.reply(ticket: ticket.number, body: text, seenEventId: seenEvent, setStatus: status, expecting: expectVersion)
            : try client.reply(ticket: ticket.number, body: text, attaching: attach.map { URL(fileURLWithPath: $0) }, seenEventId: seenEvent,
                               setStatus: status, expecting: expectVersion)
        let files = attach.isEmpty ? "" : attach.count == 1 ? " with a file" : " with \(attach.count) files"
        return "Reply queued on \(TicketNumber.format(t.number))\(files); status \(t.status.rawValue)."
    }
}

struct TicketNote: TicketChange {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "Add an internal note.")
    @OptionGroup var global: GlobalOptions
    @Argument var ticket: TicketRef
    @Option(help: "Note text (- reads standard input).") var body: String
    @Option(name: .customLong("expect-version")) var expectVersion: Int64?
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        let t = try client.note(ticket: ticket.number, body: try messageBody(body), expecting: expectVersion)
        return "Note added to \(TicketNumber.format(t.number))."
    }
}

struct TicketStatusCmd: TicketChange {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Change a ticket's status.")
    @OptionGroup var global: GlobalOptions
    @Argument var ticket: TicketRef
    @Argument(help: "new, open, pending, on_hold, solved or closed.") var status: TicketStatus
    @Option(name: .customLong("expect-version")) var expectVersion: Int64?
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        let t = try client.setStatus(ticket: ticket.number, to: status, expecting: expectVersion)
        return "\(TicketNumber.format(t.number)) is now \(t.status.rawValue)."
    }
}

struct TicketPriorityCmd: TicketChange {
    static let configuration = CommandConfiguration(commandName: "priority", abstract: "Change a ticket's priority.")
    @OptionGroup var global: GlobalOptions
    @Argument var ticket: TicketRef
    @Argument(help: "p1 to p4.") var priority: Priority
    @Option(name: .customLong("expect-version")) var expectVersion: Int64?
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        let t = try client.setPriority(ticket: ticket.number, to: priority, expecting: expectVersion)
        return "\(TicketNumber.format(t.number)) is now \(t.priority.rawValue)."
    }
}

struct TicketTag: TicketChange {
    static let configuration = CommandConfiguration(commandName: "tag", abstract: "Add (+tag or tag) or remove (-tag) tags.")
    @OptionGroup var global: GlobalOptions
    @Argument var ticket: TicketRef
    @Argument(parsing: .allUnrecognized, help: "Tags: name or +name adds, -name removes.") var tags: [String] = []
    @Option(name: .customLong("expect-version")) var expectVersion: Int64?
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        let edit = TagEdit(words: tags)
        let t = try client.tag(ticket: ticket.number, add: edit.add, remove: edit.remove, expecting: expectVersion)
        return "\(TicketNumber.format(t.number)) tags: \(t.tags.isEmpty ? "none" : t.tags.joined(separator: ", "))."
    }
}

struct TicketLinkCmd: TicketChange {
    static let configuration = CommandConfiguration(commandName: "link", abstract: "Link two tickets (relates_to or duplicate_of).")
    @OptionGroup var global: GlobalOptions
    @Argument var ticket: TicketRef
    @Argument(help: "relates_to or duplicate_of.") var kind: TicketLinkKind
    @Argument(help: "The other ticket.") var other: TicketRef
    var expectVersion: Int64? { nil }
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        try client.link(ticket: ticket.number, to: other.number, kind: kind)
        return "\(TicketNumber.format(ticket.number)) \(kind.rawValue) \(TicketNumber.format(other.number))."
    }
}

struct TicketMerge: TicketChange {
    static let configuration = CommandConfiguration(commandName: "merge", abstract: "Merge a ticket into another; it is closed with a pointer.")
    @OptionGroup var global: GlobalOptions
    @Argument var ticket: TicketRef
    @Argument(help: "The ticket to merge into.") var into: TicketRef
    @Option(name: .customLong("expect-version")) var expectVersion: Int64?
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        try client.merge(ticket: ticket.number, into: into.number, expecting: expectVersion)
        return "\(TicketNumber.format(ticket.number)) merged into \(TicketNumber.format(into.number))."
    }
}

struct TicketEscalate: TicketChange {
    static let configuration = CommandConfiguration(commandName: "escalate", abstract: "Escalate a ticket to the supervisors (tags it, raises priority one step).")
    @OptionGroup var global: GlobalOptions
    @Argument var ticket: TicketRef
    @Option(help: "Why (recorded on the ticket).") var reason: String
    @Option(name: .customLong("expect-version")) var expectVersion: Int64?
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        let t = try client.escalate(ticket: ticket.number, reason: reason, expecting: expectVersion)
        return "\(TicketNumber.format(t.number)) escalated; priority \(t.priority.rawValue)."
    }
}

struct TicketAutoClose: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autoclose",
        abstract: "Close tickets solved more than N days ago (run it from cron; supervisors and admins).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Days after solving.") var days: Int = TicketLifecycle.defaultAutoCloseDays
    func run() throws {
        let client = try global.client()
        _ = try client.whoAmI()
        print("Closed \(try client.autoCloseSolved(afterDays: days)) tickets solved more than \(days) days ago.")
    }
}
