import ArgumentParser
import Foundation
import TermUI

/// `paydesk theme list|check`: what themes there are, and whether they are well written.
struct ThemeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theme",
        abstract: "List and check colour themes.",
        discussion: """
            Themes are TOML files found, first match winning, in --themes-dir, \
            $XDG_CONFIG_HOME/paydesk/themes, <prefix>/share/paydesk/themes and the source tree's Themes/.
            """,
        subcommands: [ThemeListCommand.self, ThemeCheckCommand.self])
}

struct ThemePathOptions: ParsableArguments {
    @Option(help: "Look for themes in this directory first.") var themesDir: String?

    var catalog: ThemeCatalog {
        ThemeLoading.catalog(themesDir: themesDir, environment: ProcessInfo.processInfo.environment)
    }
}

struct ThemeListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the themes on the search path (name, variant, file, inherits).")

    @OptionGroup var paths: ThemePathOptions
    @Flag(help: "Print JSON.") var json = false

    struct Row: Encodable {
        var name: String
        var variant: String?
        /// nil for a theme compiled into paydesk.
        var file: String?
        var inherits: String?
        var description: String?
        /// The file `--theme NAME` picks instead of this one.
        var shadowedBy: String?

        enum CodingKeys: String, CodingKey { case name, variant, file, inherits, description, shadowedBy }

        /// Absent values are written as null, so every row has the same keys.
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(variant, forKey: .variant)
            try c.encode(file, forKey: .file)
            try c.encode(inherits, forKey: .inherits)
            try c.encode(description, forKey: .description)
            try c.encode(shadowedBy, forKey: .shadowedBy)
        }
    }

    func run() throws {
        let catalog = paths.catalog
        var rows = catalog.entries().map { entry -> Row in
            let source = catalog.source(atPath: entry.path)
            return Row(name: entry.name, variant: source.variant?.rawValue, file: entry.path, inherits: source.inherits,
                       description: source.summary, shadowedBy: entry.shadowedBy)
        }
        let named = Set(rows.map(\.name))
        for builtIn in ThemeSource.builtIns where !named.contains(builtIn.name) {
            rows.append(Row(name: builtIn.name, variant: builtIn.variant?.rawValue, file: nil, inherits: nil,
                            description: "compiled into paydesk", shadowedBy: nil))
        }
        if json { return try Output.json(rows) }
        Output.table(["NAME", "VARIANT", "INHERITS", "FILE"], rows.map { row in
            [row.name, row.variant ?? "?", row.inherits ?? "-",
             (row.file ?? "(built-in)") + (row.shadowedBy.map { " (shadowed by \($0))" } ?? "")]
        })
    }
}

struct ThemeCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check theme files; with no FILE, every theme on the search path.",
        discussion: "Prints FILE:LINE: message for each problem (exit 1), or an OK line per theme (exit 0).")

    @OptionGroup var paths: ThemePathOptions
    @Argument(help: "A theme file to check.") var file: String?
    @Flag(help: "Also require every standard style key to be defined (as shipped themes do).") var strict = false

    func run() throws {
        let catalog = paths.catalog
        let files: [String]
        if let file {
            guard FileManager.default.fileExists(atPath: file) else {
                throw CommandFailure(message: "there is no file \(file)", code: 3)
            }
            files = [file]
        } else {
            files = catalog.entries().map(\.path)
            if files.isEmpty {
                print(PlainText.inert("No theme files in: \(catalog.directories.joined(separator: ", ")); the built-in themes are in use."))
                return
            }
        }
        // A parent's problem shows once, however many children inherit it.
        var reported = Set<String>()
        var failed = false
        for path in files {
            let definition = catalog.definition(of: catalog.source(atPath: path))
            var problems = definition.diagnostics
            if strict, !definition.missingStandardKeys.isEmpty {
                problems.append(ThemeDiagnostic(file: path, line: 1,
                    "missing standard keys (they fall back to shorter keys or base): " + definition.missingStandardKeys.joined(separator: ", ")))
            }
            if problems.isEmpty {
                let parents = definition.chain.dropFirst().map(\.name)
                // File names and theme names come from whoever wrote the files.
                print(PlainText.inert("OK \(path)" + (parents.isEmpty ? "" : " (inherits \(parents.joined(separator: " → ")))")))
                continue
            }
            failed = true
            for problem in problems where reported.insert(problem.description).inserted {
                print(PlainText.inert(problem.description))
            }
        }
        if failed { throw ExitCode(1) }
    }
}
