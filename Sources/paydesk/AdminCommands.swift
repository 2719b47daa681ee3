import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportStore

extension Role: ExpressibleByArgument {}

struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent", abstract: "Manage agents (admins).", subcommands: [Add.self, List.self, Disable.self, Enable.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an agent.")
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
        static let configuration = CommandConfiguration(abstract: "List agents.")
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
        static let configuration = CommandConfiguration(abstract: "Disable an agent.")
        @OptionGroup var global: GlobalOptions
        @Argument var login: String
        func run() throws {
            let client = try global.client()
            try client.setAgentActive(login: login, active: false)
            print("Disabled \(login).")
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable an agent again.")
        @OptionGroup var global: GlobalOptions
        @Argument var login: String
        func run() throws {
            let client = try global.client()
            try client.setAgentActive(login: login, active: true)
            print("Enabled \(login).")
        }
    }
}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check and read the hash-chained audit log.", subcommands: [Verify.self, List.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Walk the chain; exit 1 at the first broken record.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "JSON output.") var json = false
        func run() throws {
            // Whoever holds the file may check it (an auditor with a read-only copy is not an
            // agent); through the service it is for supervisors and admins.
            let store = try global.embeddedStore()
            let client = store == nil ? try global.client() : nil
            let result = try store?.verifyAuditChain() ?? client!.verifyAuditChain()
            // Walking the log is access to it (PCI DSS 10.2.1.3); best effort, so that a
            // read-only copy can still be verified.
            let outcome: String
            switch result {
            case .ok(let count): outcome = "verified ok records=\(count)"
            case .broken(let id, _): outcome = "verified broken at=\(id)"
            }
            if let store {
                _ = try? store.recordAuditAccess(actor: SupportStore.operatingSystemUser, action: "audit.verify", what: outcome)
            } else {
                _ = try? client?.recordAuditAccess(action: "audit.verify", what: outcome)
            }
            switch result {
            case .ok(let count):
                if json { try Output.json(["result": "ok", "records": "\(count)"]) } else { print("OK: \(count) audit records, chain intact.") }
            case .broken(let id, let problem):
                if json { try Output.json(["result": "broken", "record": "\(id)", "problem": problem]) }
                throw CommandFailure(message: "audit record \(id) is broken: \(problem)", code: 1)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show recent audit records.")
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
