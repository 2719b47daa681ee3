import AgentConsole
import ArgumentParser
import Foundation
import SupportAPI
import SupportStore

struct Paydesk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paydesk",
        abstract: "The wallet support team's terminal console and its scriptable command line.",
        discussion: "With no subcommand, opens the console. Exit codes: 0 ok, 2 usage, 3 not found, 4 forbidden, 5 conflict, 1 other.",
        version: "0.1.0",
        // One command a line, so that branches adding commands merge cleanly.
        subcommands: [
            ConsoleCommand.self,
            DemoCommand.self,
            KeysCommand.self,
            InitCommand.self,
            TicketCommand.self,
            AgentCommand.self,
            AuditCommand.self,
            SLACommand.self,
            IntakeCommand.self,
            RulesCommand.self,
            DeliverCommand.self,
            ComplaintCommand.self,
            AccountCommand.self,
            ApprovalsCommand.self,
            OutboxCommand.self,
            TxCommand.self,
            ThemeCommand.self,
            ReportCommand.self,
            BulkCommand.self,
            ServeCommand.self,
            BackupCommand.self,
            MigrateCommand.self,
        ],
        defaultSubcommand: ConsoleCommand.self
    )

}

/// The console itself; the default when no subcommand is given.
struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "console", abstract: "Open the console (the default).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Colour theme: a name from `paydesk theme list`, or a .toml file (default: theme in config.toml, else default).")
    var theme: String?
    @Option(help: "Look for themes in this directory first.") var themesDir: String?

    func run() throws {
        let client = try global.client()
        let actor = try client.whoAmI()
        try ConsoleLauncher.run(client: client, actor: actor, theme: theme, themesDir: themesDir)
    }
}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty database with the SLA defaults and you as its first admin.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Your display name.") var name: String?

    func run() throws {
        let store = try SupportStore(path: global.databasePath, create: true)
        try store.seedDefaults()
        if try store.agents().isEmpty {
            let login = SupportStore.operatingSystemUser
            try store.addAgent(login: login, name: name ?? login, role: .admin, by: nil)
            print("Created \(global.databasePath) with \(login) as admin.")
        } else {
            print("\(global.databasePath) is ready.")
        }
    }
}

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create (or recreate) the demo database and open the console on it.")

    @Option(help: "Demo database file (default: $XDG_DATA_HOME/paydesk/demo.sqlite).") var db: String?
    @Flag(help: "Delete and recreate the demo database.") var reset = false
    @Flag(help: "Only create the database; do not open the console.") var noOpen = false
    @Option(name: .customLong("as"), help: "Open the console as this agent (default: the demo supervisor).") var asLogin: String = "sari"
    @Option(help: "Random seed; the same seed gives the same data.") var seed: UInt64 = 42

    func run() throws {
        let path = db ?? Paths.demoDatabase
        let fm = FileManager.default
        if reset || !fm.fileExists(atPath: path) {
            if fm.fileExists(atPath: path) {
                // Only a demo database may be thrown away.
                let existing = try SupportStore(path: path, create: false)
                guard existing.isDemo else {
                    throw CommandFailure(message: "\(path) is not a demo database; refusing to delete it", code: 4)
                }
                for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) }
            }
            // The whole demo is as of the moment it was asked for: nothing in it is later.
            let asOf = Date()
            let store = try SupportStore(path: path, create: true, clock: { asOf })
            let summary = try store.generateDemo(seed: seed)
            print("Demo database \(path): \(summary.customers) customers, \(summary.transactions) transactions, \(summary.tickets) tickets, \(summary.agents) agents.")
        }
        guard !noOpen else { return }
        let client = EmbeddedClient(store: try SupportStore(path: path, create: false), asLogin: asLogin)
        try ConsoleLauncher.run(client: client, actor: try client.whoAmI(), theme: nil)
    }
}

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "Print the console's keys (from the same table that dispatches them).")
    @Flag(help: "As a Markdown table.") var markdown = false
    func run() throws { print(markdown ? ConsoleKeys.markdownTable() : ConsoleKeys.helpText()) }
}
