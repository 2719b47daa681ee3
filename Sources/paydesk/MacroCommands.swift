import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportStore

extension ContentLanguage: ExpressibleByArgument {}

struct TicketMacro: TicketChange {
    static let configuration = CommandConfiguration(commandName: "macro", abstract: "Apply a macro (reply with placeholders plus field changes); without a key, list them.")
    @OptionGroup var global: GlobalOptions
    @Argument var ticket: TicketRef
    @Argument(help: "Macro key, e.g. failed-payment-checklist.") var key: String?
    @Option(help: "Language: en, id or zh.") var lang: ContentLanguage = .en
    @Option(name: .customLong("expect-version")) var expectVersion: Int64?
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        guard let key else {
            return try client.macros().map { "\($0.key) [\($0.locale.rawValue)]  \($0.title)" }.joined(separator: "\n")
        }
        let t = try client.applyMacro(ticket: ticket.number, key: key, locale: lang, expecting: expectVersion)
        return "Applied \(key) to \(TicketNumber.format(t.number)); status \(t.status.rawValue)."
    }
}

struct TicketPlaybook: TicketChange {
    static let configuration = CommandConfiguration(commandName: "playbook", abstract: "Show a playbook's checklist on a ticket, or tick / skip a step.")
    @OptionGroup var global: GlobalOptions
    @Argument var ticket: TicketRef
    @Argument(help: "Playbook key, e.g. stolen-account.") var playbook: String?
    @Option(help: "Step key to tick.") var done: String?
    @Option(help: "Step key to skip (needs --note).") var skip: String?
    @Option(help: "Why a step was skipped, or a remark.") var note: String?
    var expectVersion: Int64? { nil }

    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        let t = try client.ticket(number: ticket.number)
        guard let key = playbook else {
            let list = Playbook.applicable(to: t.category, subcategory: t.subcategory, in: try client.playbooks())
            return list.isEmpty ? "No playbook applies to \(t.category.rawValue)/\(t.subcategory)."
                : list.map { "\($0.key)  \($0.title.en)" }.joined(separator: "\n")
        }
        if let step = done ?? skip {
            try client.recordPlaybookStep(ticket: ticket.number, playbook: key, step: step, skipped: skip != nil, note: note)
        }
        guard let book = try client.playbooks().first(where: { $0.key == key }) else { throw StoreError.notFound("Playbook '\(key)'") }
        let progress = Dictionary(uniqueKeysWithValues: try client.playbookProgress(ticket: ticket.number, playbook: key).map { ($0.step, $0) })
        return ([book.title.en] + book.steps.map { step in
            let mark = progress[step.key].map { $0.outcome == "done" ? "[x]" : "[-]" } ?? "[ ]"
            return "\(mark) \(step.key)  \(step.text.en)" + (progress[step.key]?.note.map { " (\($0))" } ?? "")
        }).joined(separator: "\n")
    }
}

struct SLACommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sla", abstract: "SLA policies and the business calendar.", subcommands: [Show.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the SLA policies and holidays.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "JSON output.") var json = false

        struct Shown: Encodable {
            var policies: [SLAPolicy]
            var holidays: [String: String]
            var timeZone: String
            var workingHours: String
        }

        func run() throws {
            let client = try global.client()
            let policies = try client.slaPolicies().sorted { $0.priority < $1.priority }
            let holidays = try client.holidays()
            if json {
                return try Output.json(Shown(policies: policies, holidays: Dictionary(uniqueKeysWithValues: holidays.map { ($0.day, $0.name) }),
                                             timeZone: TimeText.zone.identifier, workingHours: "Mon–Fri 08:00–20:00"))
            }
            Output.table(["PRIORITY", "CATEGORY", "FIRST RESPONSE", "RESOLUTION", "WARN AT", "CLOCK"], policies.map {
                [$0.priority.rawValue, $0.category?.rawValue ?? "any", DurationText.format(TimeInterval($0.firstResponseMinutes) * 60),
                 DurationText.format(TimeInterval($0.resolutionMinutes) * 60), "\(Int($0.warningShare * 100))%",
                 $0.usesBusinessHours ? "business hours" : "24x7"]
            })
            print("\nBusiness hours: Mon–Fri 08:00–20:00 \(TimeText.zone.identifier)")
            for h in holidays { print("holiday \(h.day) \(h.name)") }
        }
    }
}
