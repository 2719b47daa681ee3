import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportStore

/// `paydesk bulk …`: one change on many tickets in one transaction, like piping ids into
/// `rt edit`. Tickets are `1042`, `#1042` or `1042@3` (refused unless still at version 3);
/// `-` reads them from standard input. Exit 5 when any ticket was refused.
struct BulkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulk", abstract: "Change many tickets at once (supervisors); each ticket changes or is refused with the reason.",
        subcommands: [BulkAssign.self, BulkStatus.self, BulkPriority.self, BulkTagCmd.self, BulkMacro.self, BulkNote.self])
}

struct BulkTargets: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Tickets: 1042, #1042, 1042@VERSION, or - to read them from standard input.") var tickets: [String] = []
    @Flag(help: "JSON output.") var json = false

    func targets() throws -> [BulkTarget] {
        var words = tickets
        if words == ["-"] {
            words = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                .split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init)
        }
        guard !words.isEmpty else { throw CommandFailure.usage("name at least one ticket") }
        return try words.map { word in
            let parts = word.split(separator: "@", maxSplits: 1).map(String.init)
            guard let number = parts.first.flatMap(TicketNumber.parse) else {
                throw CommandFailure.usage("'\(word)' is not a ticket; use 1042, #1042 or 1042@3")
            }
            guard parts.count == 1 || Int64(parts[1]) != nil else {
                throw CommandFailure.usage("'\(word)': the version after @ is a whole number")
            }
            return BulkTarget(number: number, version: parts.count == 2 ? Int64(parts[1]) : nil)
        }
    }

    func run(_ change: BulkChange) throws {
        let targets = try targets()
        let client = try global.client()
        let outcome = try client.bulk(change, tickets: targets)
        if json {
            try Output.json(outcome)
        } else {
            for a in outcome.applied {
                print("\(TicketNumber.format(a.number)) changed: " + [a.before, a.after].compactMap { $0 }.joined(separator: " → "))
            }
            for r in outcome.refused { print("\(TicketNumber.format(r.number)) refused: \(PlainText.inert(r.reason))") }
            print(outcome.summary)
        }
        if !outcome.refused.isEmpty {
            let message = outcome.applied.isEmpty ? "every ticket was refused; nothing changed"
                : "\(outcome.refused.count) of \(outcome.refused.count + outcome.applied.count) tickets were refused; the others changed"
            throw CommandFailure(message: message, code: 5)
        }
    }
}

struct BulkAssign: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "assign", abstract: "Give the tickets to an agent (none: unassign).")
    @Argument(help: "Agent login, or none.") var login: String
    @OptionGroup var targets: BulkTargets
    func run() throws { try targets.run(.assign(login == "none" ? nil : login)) }
}

struct BulkStatus: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Move the tickets to a status.")
    @Argument(help: "open, pending, on_hold, solved or closed.") var status: TicketStatus
    @OptionGroup var targets: BulkTargets
    func run() throws { try targets.run(.status(status)) }
}

struct BulkPriority: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "priority", abstract: "Set the tickets' priority.")
    @Argument(help: "p1 to p4.") var priority: Priority
    @OptionGroup var targets: BulkTargets
    func run() throws { try targets.run(.priority(priority)) }
}

struct BulkTagCmd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tag", abstract: "Add or remove tags.")
    @Option(help: "Tag to add (repeatable).") var add: [String] = []
    @Option(help: "Tag to remove (repeatable).") var remove: [String] = []
    @OptionGroup var targets: BulkTargets
    func run() throws { try targets.run(.tag(add: add, remove: remove)) }
}

struct BulkMacro: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "macro", abstract: "Apply a macro (its reply goes to each customer).")
    @Argument(help: "Macro key, e.g. failed-payment-checklist.") var key: String
    @OptionGroup var targets: BulkTargets
    func run() throws { try targets.run(.macro(key)) }
}

struct BulkNote: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "Add the same internal note to every ticket.")
    @Option(help: "The note (- reads standard input).") var body: String
    @OptionGroup var targets: BulkTargets
    func run() throws { try targets.run(.note(try messageBody(body))) }
}
