import Foundation
import SupportPostgres

/// Who the pty bench's console and commands run as, and how they reach the data: the file
/// itself (`paydesk --db FILE --as LOGIN`, the embedded mode), or a running service
/// (`paydesk --server SOCKET`) as the operating-system user of the same name, which is how
/// the service knows its agents. `setpriv` changes the user and then runs paydesk in its
/// own place, so the process the bench reads CPU time and memory from is the console's.
struct PtyAgent {
    let binary: String
    let login: String
    let db: String
    let server: String?

    /// The program and arguments that run `paydesk ARGUMENTS` as this agent.
    func command(_ arguments: [String]) -> (program: String, arguments: [String]) {
        guard let server else { return (binary, arguments + ["--db", db, "--as", login]) }
        return (Self.setpriv, ["--reuid", login, "--regid", login, "--init-groups", binary] + arguments + ["--server", server])
    }

    /// The console's: the bench's console starts without a command.
    var console: (program: String, arguments: [String]) { command([]) }

    /// The agent's home, for the console's settings (the bench's own is not the agent's
    /// to read when the console runs as another user).
    var home: String? {
        guard server != nil, let entry = getpwnam(login) else { return nil }
        return String(cString: entry.pointee.pw_dir)
    }

    /// Runs `paydesk ARGUMENTS` as this agent, its input from `input`; fails unless it exits 0.
    func run(_ arguments: [String], input: String = "/dev/null") throws {
        let (program, all) = command(arguments)
        let status = try Shell.run(program, all, input: input, output: "/dev/null").status
        guard status == 0 else {
            throw CommandFailure.other("`paydesk \(arguments.prefix(2).joined(separator: " "))` as \(login) exited \(status)")
        }
    }

    static let setpriv = "/usr/bin/setpriv"
}

extension PtyConsole {
    /// The console of `agent`, started in a terminal of this size.
    convenience init(_ agent: PtyAgent, width: Int, height: Int) throws {
        let (program, arguments) = agent.console
        try self.init(binary: program, arguments: arguments, width: width, height: height, home: agent.home)
    }
}

/// Where the pty bench looks up its targets and preconditions: a SQLite file with the
/// sqlite3 tool, or a PostgreSQL store with psql, never through the paydesk under test
/// (which may be another build, refusing a file a newer one has migrated).
enum PtyData {
    case sqlite(String)
    case postgres(String)

    /// `db` is a file, or a `postgresql://` address (paydesk's own options are left out
    /// for psql).
    init(_ db: String) {
        if db.hasPrefix("postgresql://") || db.hasPrefix("postgres://") {
            self = .postgres(PostgresLocation.libpqAddress(db))
        } else {
            self = .sqlite(db)
        }
    }

    /// One value, trimmed ("" when the query found no row).
    func value(_ sql: String) throws -> String {
        let file = Shell.temp("pty-sql.txt")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let oneLine = sql.replacingOccurrences(of: "\n", with: " ")
        switch self {
        case .sqlite(let path): _ = try Shell.run("sqlite3", ["-readonly", path, oneLine], input: "/dev/null", output: file)
        case .postgres(let address): _ = try Shell.run("psql", ["-X", "-A", "-t", "-q", "-d", address, "-c", oneLine], input: "/dev/null", output: file)
        }
        return ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The larger of several values: SQLite's `max` with several arguments is PostgreSQL's `GREATEST`.
    var greatest: String {
        switch self {
        case .sqlite: "max"
        case .postgres: "GREATEST"
        }
    }

    var name: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let address): address
        }
    }
}
