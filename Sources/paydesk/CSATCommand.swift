import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportStore

/// `paydesk ticket csat N --score S [--comment C]`: records the customer's answer to the
/// satisfaction survey on a solved or closed ticket, once.
struct TicketCSAT: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csat", abstract: "Record the customer's satisfaction (1–5) on a solved or closed ticket; once per ticket.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Ticket number.") var ticket: TicketRef
    @Option(help: "1 (very unhappy) to 5 (very happy).") var score: Int
    @Option(help: "The customer's comment, if any (- reads standard input).") var comment: String?
    @Flag(help: "JSON output.") var json = false

    func run() throws {
        let client = try global.client()
        _ = try client.whoAmI()
        let answer = try client.recordCSAT(ticket: ticket.number, score: score, comment: try comment.map(messageBody))
        if json { return try Output.json(answer) }
        print("Recorded satisfaction \(answer.score)/5 on \(TicketNumber.format(answer.ticket))" + (answer.agent.map { " (owner \($0))" } ?? "") + ".")
    }
}
