import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportRemote
import SupportStore
import TermUI

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Database file (default: $PAYDESK_DB or $XDG_DATA_HOME/paydesk/paydesk.sqlite).")
    var db: String?

    @Option(name: .customLong("as"), help: "Act as this agent login (demo databases only).")
    var asLogin: String?

    @Option(help: "The paydesk service's socket (default: $PAYDESK_SERVER, server in config.toml, else the default socket when it exists).")
    var server: String?

    var databasePath: String { Self.resolveDatabase(db) }

    static func resolveDatabase(_ db: String?) -> String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["PAYDESK_DB"], !env.isEmpty { return env }
        return Paths.dataHome + "/paydesk.sqlite"
    }

    /// Opens an existing database (commands never create one by accident). `readMostly`:
    /// for a command that only reads, one read-only connection and no writer unless it
    /// writes after all (`StoreConnections`).
    func openStore(readMostly: Bool = false) throws -> SupportStore {
        try SupportStore(path: databasePath, create: false, readMostly: readMostly)
    }

    func actor(in store: SupportStore) throws -> Agent {
        try store.resolveActor(asLogin: asLogin)
    }

    /// Where this command's requests go: the service when one is named or found, else the
    /// database file in this process (embedded mode). Every verb behaves the same either way.
    func client(readMostly: Bool = false) throws -> SupportClient {
        switch try Endpoint.choose(server: server, db: db) {
        case .service(let sockets): return RemoteClient(sockets: sockets, asLogin: asLogin)
        case .embedded: return EmbeddedClient(store: try openStore(readMostly: readMostly), asLogin: asLogin)
        }
    }
}

/// The rule that picks the service or the file, in order: `--server`, `$PAYDESK_SERVER`,
/// `server = "…"` in config.toml; then an explicit `--db` or `$PAYDESK_DB` (embedded); then
/// the default socket if a service is listening there; else the default database file.
///
/// Several sockets — instances of one service on a shared PostgreSQL database — are given
/// comma-separated (`--server A,B`, `$PAYDESK_SERVER`) or as `server = ["A", "B"]`; the
/// first that answers is used and the next takes over when it stops.
enum Endpoint {
    case service([String])
    case embedded

    static func choose(server: String?, db: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Endpoint {
        if let server, !server.isEmpty { return .service(list(server)) }
        if let env = environment["PAYDESK_SERVER"], !env.isEmpty { return .service(list(env)) }
        if let configured = try configuredServer(environment) { return .service(configured) }
        if db != nil || !(environment["PAYDESK_DB"] ?? "").isEmpty { return .embedded }
        if let socket = defaultSockets(environment).first(where: isSocket) { return .service([socket]) }
        return .embedded
    }

    static func list(_ sockets: String) -> [String] {
        sockets.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func defaultSockets(_ environment: [String: String]) -> [String] {
        var sockets = ["/run/paydesk/paydesk.sock"]
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty { sockets.append(runtime + "/paydesk/paydesk.sock") }
        return sockets
    }

    /// Where `paydesk serve` listens by default: the per-user runtime folder, else /run/paydesk.
    static func defaultServeSocket(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty, geteuid() != 0 { return runtime + "/paydesk/paydesk.sock" }
        return "/run/paydesk/paydesk.sock"
    }

    static func isSocket(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFSOCK
    }

    /// `server = "PATH"`, or `server = ["PATH", "PATH"]` for several instances, in config.toml.
    static func configuredServer(_ environment: [String: String]) throws -> [String]? {
        let example = "server = \"/run/paydesk/paydesk.sock\" or server = [\"/run/a/paydesk.sock\", \"/run/b/paydesk.sock\"]"
        guard let (path, node) = try configured("server", environment) else { return nil }
        if case .array(let items) = node.value {
            let sockets = items.compactMap(\.string).filter { !$0.isEmpty }
            guard !sockets.isEmpty, sockets.count == items.count else {
                throw CommandFailure.usage("\(path):\(node.location.line): server takes socket paths in quotes, as in \(example)")
            }
            return sockets
        }
        return [try configuredString("server", environment, example: example)].compactMap { $0 }
    }

    private static func configured(_ key: String, _ environment: [String: String]) throws -> (String, TOMLNode)? {
        let path = ThemeLoading.configHome(environment) + "/config.toml"
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let table: TOMLTable
        do {
            table = try TOMLTable.parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw CommandFailure.usage("\(path):\(error.location.line): \(error.message)")
        }
        return table[key].map { (path, $0) }
    }

    /// A string setting of config.toml; a setting of another type is a usage error.
    static func configuredString(_ key: String, _ environment: [String: String], example: String) throws -> String? {
        guard let (path, node) = try configured(key, environment) else { return nil }
        guard let value = node.string, !value.isEmpty else {
            throw CommandFailure.usage("\(path):\(node.location.line): \(key) takes a string in quotes, as in \(example)")
        }
        return value
    }
}

enum Paths {
    static var dataHome: String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.local/share")
        return base + "/paydesk"
    }

    static var configHome: String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.config")
        return base + "/paydesk"
    }

    static var demoDatabase: String { dataHome + "/demo.sqlite" }
}

/// Output helpers: one JSON shape everywhere, dates in ISO 8601 UTC.
enum Output {
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(value)
        print(SafeJSON.escapingControls(String(decoding: data, as: UTF8.self)))
    }

    /// Plain columns for a terminal; untrusted text is made inert first. Printable ASCII
    /// (nearly every cell) is measured by its byte count and copied as it is; only other
    /// cells are cleaned, once to measure and again to write, which keeps no per-row
    /// array of cleaned cells (allocating and freeing those was a tenth of a 20,000-row
    /// `tx list`). The table is written as bytes in one piece.
    static func table(_ header: [String], _ rows: [[String]]) {
        var widths = header.map { PlainText.width($0) }
        for row in rows { for (i, text) in row.enumerated() { widths[i] = max(widths[i], PlainText.cell(text).width) } }
        var out: [UInt8] = []
        out.reserveCapacity((widths.reduce(0, +) + 2 * widths.count + 1) * (rows.count + 1))
        func line(_ texts: [String]) {
            for (i, text) in texts.enumerated() {
                let cell = PlainText.cell(text)
                out.append(contentsOf: cell.text.utf8)
                if i < texts.count - 1 { out.append(contentsOf: repeatElement(0x20, count: max(0, widths[i] - cell.width) + 2)) }
            }
            out.append(0x0A)
        }
        line(header)
        for row in rows { line(row) }
        print(String(decoding: out, as: UTF8.self), terminator: "")
    }
}
