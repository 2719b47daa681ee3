import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportStore

struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "Messages to customers: list them (codes hidden) or hand them to delivery (admins).",
        subcommands: [List.self, Drain.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List messages, newest first; destinations masked, codes hidden.")
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

    struct Drain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write each pending message to a file (owner-only) in a folder and mark it delivered; codes then leave the database.")
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
