import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportStore

struct TicketCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ticket", abstract: "Create, list, show and work tickets.",
        subcommands: [TicketNew.self, TicketList.self, TicketShow.self, TicketClaim.self, TicketGive.self,
                      TicketSteal.self, TicketRelease.self, TicketReply.self, TicketNote.self, TicketStatusCmd.self,
                      TicketPriorityCmd.self, TicketCategoryCmd.self, TicketTag.self, TicketLinkCmd.self, TicketMerge.self, TicketEscalate.self, TicketAutoClose.self,
                      TicketMacro.self, TicketPlaybook.self, TicketCSAT.self])
}

/// A ticket number argument: `1042` or `#1042`.
struct TicketRef: ExpressibleByArgument {
    var number: Int64
    init?(argument: String) {
        guard let n = TicketNumber.parse(argument) else { return nil }
        number = n
    }
}

extension Category: ExpressibleByArgument {}
extension Channel: ExpressibleByArgument {}
extension Priority: ExpressibleByArgument {}
extension TicketStatus: ExpressibleByArgument {}
extension TicketLinkKind: ExpressibleByArgument {}

/// Reads a message body from the option, or from standard input when it is "-".
func messageBody(_ text: String) throws -> String {
    guard text == "-" else { return text }
    let data = FileHandle.standardInput.readDataToEndOfFile()
    return String(decoding: data, as: UTF8.self)
}

struct TicketNew: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Open a ticket; prints its number.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Customer id or wallet id.") var customer: String
    @Option(help: "Subject line.") var subject: String
    @Option(help: "The customer's message (- reads standard input).") var body: String
    @Option(help: "Category: \(Category.allCases.map(\.rawValue).joined(separator: ", ")).") var category: Category
    @Option(help: "Subcategory (default: the category's first).") var subcategory: String?
    @Option(help: "Channel: \(Channel.allCases.map(\.rawValue).joined(separator: ", ")).") var channel: Channel = .web
    @Option(help: "Priority p1 to p4.") var priority: Priority = .p3
    @Option(help: "Tag (repeatable).") var tag: [String] = []

    func run() throws {
        let client = try global.client()
        _ = try client.whoAmI()
        let customer = try client.findCustomer(self.customer)
        let ticket = try client.createTicket(NewTicket(customerId: customer.id, subject: subject, body: try messageBody(body),
                                                      category: category, subcategory: subcategory, channel: channel,
                                                      priority: priority, tags: tag))
        print(TicketNumber.format(ticket.number))
    }
}

struct TicketList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List tickets matching a query.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Filter, e.g. 'status:open,pending prio:p1 cat:security assignee:me sla:breached age:>2h'.") var query: String = ""
    @Option(help: "Queue: mine, unassigned, team, breaching, pending, all.") var queue: QueueView = .all
    @Option(help: "Sort: sla, priority, age, updated.") var sort: QueueSort = .slaDue
    @Option(help: "At most this many rows.") var limit: Int = 100
    @Flag(help: "JSON output.") var json = false

    func run() throws {
        let client = try global.client()
        let actor = try client.whoAmI()
        let spec = try QuerySpecs.tickets(query, queue: queue, sort: sort, actor: actor, client: client)
        let rows = try client.queuePage(spec, limit: limit)
        if json { return try Output.json(rows) }
        Output.table(["NUMBER", "PRIO", "STATUS", "CATEGORY", "ASSIGNEE", "SLA", "CUSTOMER", "SUBJECT"], rows.map {
            [TicketNumber.format($0.number), $0.priority.rawValue, $0.status.rawValue, $0.category.rawValue,
             $0.assignee ?? "-", $0.slaDueAt.map { DurationText.format($0.timeIntervalSince(client.now())) } ?? "-",
             MaskedName($0.customerName).description, $0.subject]
        })
    }
}

struct TicketShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a ticket with its SLA clocks and timeline.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Ticket number.") var ticket: TicketRef
    @Flag(help: "JSON output.") var json = false

    struct Shown: Encodable {
        var ticket: Ticket
        var customer: String
        var assignee: String?
        var clocks: [SLAClockStatus]
        var links: [TicketLink]
        var timeline: [TicketEvent]
    }

    func run() throws {
        let client = try global.client()
        _ = try client.whoAmI()
        let t = try client.ticket(number: ticket.number)
        let customer = try client.customer(id: t.customerId)
        let assignee = try t.assigneeId.flatMap { try client.agent(id: $0)?.login }
        let shown = Shown(ticket: t, customer: customer.walletId, assignee: assignee,
                          clocks: try client.slaClocks(ticket: t.number), links: try client.links(ticket: t.number),
                          timeline: try client.timeline(ticketNumber: t.number))
        if json { return try Output.json(shown) }
        print("\(TicketNumber.format(t.number))  \(PlainText.inert(t.subject))")
        print("status \(t.status.rawValue)  priority \(t.priority.rawValue)  \(t.category.rawValue)/\(t.subcategory)  via \(t.channel.rawValue)  assignee \(assignee ?? "-")  version \(t.version)")
        print("customer \(customer.walletId) \(PlainText.inert(MaskedName(customer.name).description))")
        if !t.tags.isEmpty { print("tags \(t.tags.joined(separator: ", "))") }
        for clock in shown.clocks { print("sla \(clock.summary(now: client.now()))") }
        for link in shown.links { print("link \(TicketNumber.format(link.from)) \(link.kind.rawValue) \(TicketNumber.format(link.to))") }
        print("")
        for event in shown.timeline {
            print("[\(TimeText.clock(event.at))] \(event.kind.rawValue) by \(PlainText.inert(event.author))")
            for line in PlainText.inertMultiline(event.body).split(separator: "\n", omittingEmptySubsequences: false) {
                print("    " + line)
            }
        }
    }
}
