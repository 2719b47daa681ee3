import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportStore

extension Role: ExpressibleByArgument {}

struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent", abstract: "Manage agents (admins).", subcommands: [Add.self, List.self, Disable.self, Enable.self, SetRole.self, Language.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an agent.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Operating-system login.") var login: String
        @Option(help: "Display name.") var name: String?
        @Option(help: "agent, supervisor or admin.") var role: Role = .agent
        func run() throws {
            let client = try global.client()
            _ = try client.whoAmI()
            let agent = try client.addAgent(login: login, name: name ?? login, role: role)
            print("Added \(agent.login) (\(agent.role.rawValue)).")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List agents.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "JSON output.") var json = false
        func run() throws {
            let client = try global.client()
            _ = try client.whoAmI()
            let agents = try client.agents()
            if json { return try Output.json(agents) }
            Output.table(["LOGIN", "ROLE", "ACTIVE", "NAME"], agents.map { [$0.login, $0.role.rawValue, $0.active ? "yes" : "no", $0.name] })
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "disable", abstract: "Disable an agent.")
        @OptionGroup var global: GlobalOptions
        @Argument var login: String
        func run() throws {
            let client = try global.client()
            try client.setAgentActive(login: login, active: false)
            print("Disabled \(login).")
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable an agent again.")
        @OptionGroup var global: GlobalOptions
        @Argument var login: String
        func run() throws {
            let client = try global.client()
            try client.setAgentActive(login: login, active: true)
            print("Enabled \(login).")
        }
    }
}

extension AgentCommand {
    /// A demotion takes effect at once: consoles open with the old role are refused.
    struct SetRole: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "role", abstract: "Change an agent's role.")
        @OptionGroup var global: GlobalOptions
        @Argument var login: String
        @Argument(help: "agent, supervisor or admin.") var role: Role
        func run() throws {
            let client = try global.client()
            try client.setAgentRole(login: login, role: role)
            print("\(login) is now \(role.rawValue).")
        }
    }
}

extension AgentCommand {
    /// The console's own language, kept on the agent's record (the console's `:lang`).
    struct Language: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "language", 
            abstract: "Choose the language of your console: en, id, zh, or locale to follow LANG again.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "en, id, zh or locale.") var language: Choice
        @Option(help: "Another agent's login (admins).") var login: String?

        /// A language, or `locale` to forget the choice and follow LANG again.
        enum Choice: String, ExpressibleByArgument, CaseIterable {
            case en, id, zh, locale
            var language: ContentLanguage? { ContentLanguage(rawValue: rawValue) }
        }

        func run() throws {
            let chosen = language.language
            let client = try global.client()
            let who = try login ?? client.whoAmI().login
            let agent = try client.setAgentUILanguage(login: who, language: chosen)
            print("\(agent.login)'s console speaks \(agent.uiLanguage?.name ?? "the locale's language").")
        }
    }
}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check and read the hash-chained audit log.", subcommands: [Verify.self, List.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", abstract: "Walk the keyed chain and hold it against the newest signed checkpoint; exit 1 at the first problem.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "JSON output.") var json = false
        func run() throws {
            let client = try global.client()
            // Only an agent who may verify the log walks it: anyone else is refused, and
            // recorded as the unknown identity it is rather than as a verification.
            let actor = try client.whoAmI()
            guard actor.role.can(.verifyAuditLog) else {
                _ = try? client.recordAuditAccess(action: "refused:audit.verify", what: "role=\(actor.role.rawValue)")
                throw StoreError.forbidden("\(actor.login) may not verify the audit log; supervisors and admins can.")
            }
            let report = try client.auditReport()
            let result = report.verification
            // Walking the log is access to it (PCI DSS 10.2.1.3); best effort, so that a
            // read-only copy can still be verified.
            let outcome: String
            switch result {
            case .ok(let count): outcome = "verified ok records=\(count)"
            case .broken(let id, _): outcome = "verified broken at=\(id)"
            }
            _ = try? client.recordAuditAccess(action: "audit.verify", what: outcome)
            switch result {
            case .ok(let count):
                if json { try Output.json(["result": "ok", "records": "\(count)", "notes": report.notes.joined(separator: " ")]) } else {
                    print("OK: \(count) audit records, chain intact.")
                    for note in report.notes { print("note: \(note)") }
                }
            case .broken(let id, let problem):
                if json { try Output.json(["result": "broken", "record": "\(id)", "problem": problem]) }
                throw CommandFailure(message: "audit record \(id) is broken: \(problem)", code: 1)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Show recent audit records.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Entity kind, e.g. ticket, customer, agent.") var entity: String?
        @Option(help: "Entity id, e.g. a ticket number.") var id: String?
        @Option var limit: Int = 50
        @Flag(help: "JSON output.") var json = false
        func run() throws {
            let client = try global.client()
            let actor = try client.whoAmI()
            let what = "entity=\(entity ?? "*") id=\(id ?? "*") limit=\(limit)"
            guard actor.role.can(.verifyAuditLog) else {
                let message = "Only supervisors and admins may read the audit log."
                _ = try? client.recordAuditAccess(action: "refused:audit.read", what: what)
                throw StoreError.forbidden(message)
            }
            let records = try client.auditRecords(entity: entity, entityId: id, limit: limit)
            try client.recordAuditAccess(action: "audit.read", what: what + " shown=\(records.count)")
            if json { return try Output.json(records) }
            Output.table(["ID", "TIME", "ACTOR", "ACTION", "ENTITY", "AFTER"], records.map {
                [String($0.id), TimeText.clock($0.at), $0.actor, $0.action, "\($0.entity) \($0.entityId)", $0.after ?? ""]
            })
        }
    }
}
