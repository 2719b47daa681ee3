import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportStore

struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "Messages to customers: list them (codes hidden), the failures and their retry, or write them to files.",
        subcommands: [List.self, Failures.self, Retry.self, Drain.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List messages, newest first; destinations masked, codes hidden.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Only messages not yet delivered.") var pending = false
        @Option(help: "At most this many rows.") var limit: Int = 100
        @Flag(help: "JSON output.") var json = false
        func run() throws {
            let client = try global.client()
            _ = try client.whoAmI()
            let rows = try client.outboxList(pendingOnly: pending, limit: limit)
            if json { return try Output.json(rows) }
            Output.table(["ID", "CREATED", "STATE", "CHANNEL", "TO", "BODY"], rows.map {
                [String($0.id), TimeText.clock($0.createdAt), $0.state.rawValue, $0.channel.rawValue, $0.destination, $0.body]
            })
        }
    }

    struct Failures: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "failures", 
            abstract: "Messages delivery gave up on (supervisors), newest first, with the reason; retry one with `outbox retry ID`.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "At most this many rows.") var limit: Int = 100
        @Flag(help: "JSON output.") var json = false
        func run() throws {
            let rows = try global.client().deliveryFailures(limit: limit)
            if json { return try Output.json(rows) }
            Output.table(["ID", "FAILED", "TICKET", "CHANNEL", "TO", "TRIES", "REASON"], rows.map {
                [String($0.id), $0.failedAt.map(TimeText.clock) ?? "", $0.ticket.map(TicketNumber.format) ?? "", $0.channel.rawValue,
                 $0.destination, String($0.attempts), $0.lastError ?? ""]
            })
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "retry", 
            abstract: "Put a failed message back in the queue, due now (supervisors; audited).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The outbox id (from `outbox failures`).") var id: Int64
        func run() throws {
            try global.client().retryDelivery(outboxId: id)
            print("Outbox message \(id) is queued again.")
        }
    }

    struct Drain: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "drain", 
            abstract: "Deliver every pending message as a file (owner-only) in a folder: the delivery pass of `deliver`, with the folder as the way out.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Folder for the message files (created owner-only if missing).") var dir: String
        @Flag(help: "JSON output.") var json = false
        func run() throws {
            let client = try global.client()
            let report = try client.drainOutbox(to: dir)
            if json { return try Output.json(report) }
            for file in report.delivered { print(file.path) }
            let discarded = report.discarded.isEmpty ? "" : "; \(report.discarded.count) expired code message(s) discarded unsent"
            print("Delivered \(report.delivered.count) message(s) to \(dir)\(discarded).")
        }
    }
}
