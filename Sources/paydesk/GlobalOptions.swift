import ArgumentParser
import Foundation
import SupportCore
import SupportStore

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Database file (default: $PAYDESK_DB or $XDG_DATA_HOME/paydesk/paydesk.sqlite).")
    var db: String?

    @Option(name: .customLong("as"), help: "Act as this agent login (demo databases only).")
    var asLogin: String?

    var databasePath: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["PAYDESK_DB"], !env.isEmpty { return env }
        return Paths.dataHome + "/paydesk.sqlite"
    }

    /// Opens an existing database (commands never create one by accident).
    func openStore() throws -> SupportStore {
        try SupportStore(path: databasePath, create: false)
    }

    func actor(in store: SupportStore) throws -> Agent {
        try store.resolveActor(asLogin: asLogin)
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

    /// Plain columns for a terminal; untrusted text is made inert first.
    static func table(_ header: [String], _ rows: [[String]]) {
        let clean = rows.map { $0.map(PlainText.inert) }
        var widths = header.map { $0.count }
        for row in clean { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], PlainText.width(cell)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == cells.count - 1 ? c : c + String(repeating: " ", count: max(0, widths[i] - PlainText.width(c)))
            }.joined(separator: "  ")
        }
        print(line(header))
        for row in clean { print(line(row)) }
    }
}
