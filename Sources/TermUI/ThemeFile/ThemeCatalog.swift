import Foundation

/// Why a theme could not be used; `description` is one line for a status bar.
public struct ThemeLoadError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var diagnostics: [ThemeDiagnostic]

    public init(_ message: String, diagnostics: [ThemeDiagnostic] = []) {
        self.message = message
        self.diagnostics = diagnostics
    }

    public var description: String { message }
}

/// Theme files found on a search path, first directory first (a user's theme shadows an
/// installed one of the same name). Directories that do not exist are skipped.
public struct ThemeCatalog: Sendable {
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var path: String
        /// The file an earlier directory has under the same name, which `--theme` picks instead.
        public var shadowedBy: String?
    }

    public var directories: [String]

    public init(directories: [String]) {
        var seen = Set<String>()
        self.directories = directories.filter { seen.insert(Self.canonical($0)).inserted }
    }

    /// Every `*.toml` file on the path, in search order, names sorted within a directory.
    public func entries() -> [Entry] {
        var first: [String: String] = [:]
        var result: [Entry] = []
        for directory in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in files.sorted() where file.hasSuffix(".toml") && !file.hasPrefix(".") {
                let name = String(file.dropLast(5))
                let path = (directory as NSString).appendingPathComponent(file)
                result.append(Entry(name: name, path: path, shadowedBy: first[name]))
                if first[name] == nil { first[name] = path }
            }
        }
        return result
    }

    /// Names `--theme` accepts: files on the path and the built-ins.
    public var availableNames: [String] {
        Array(Set(entries().map(\.name) + ThemeSource.builtIns.map(\.name))).sorted()
    }

    /// The file for theme `name`: in `firstDirectory` if given, then along the path, never
    /// `excluding` (so `user/default.toml` can say `inherits = "default"` to extend the
    /// installed `default.toml`).
    public func path(of name: String, firstDirectory: String? = nil, excluding: String? = nil) -> String? {
        let skip = excluding.map(Self.canonical)
        for directory in (firstDirectory.map { [$0] } ?? []) + directories {
            let path = (directory as NSString).appendingPathComponent(name + ".toml")
            if FileManager.default.fileExists(atPath: path), Self.canonical(path) != skip { return path }
        }
        return nil
    }

    /// Reads one file; an unreadable file becomes a diagnostic.
    public func source(atPath path: String) -> ThemeSource {
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        guard let data = FileManager.default.contents(atPath: path) else {
            var source = ThemeSource(name: name, path: path)
            source.diagnostics.append(ThemeDiagnostic(file: path, line: 1, "cannot read the file"))
            return source
        }
        guard let text = String(data: data, encoding: .utf8) else {
            var source = ThemeSource(name: name, path: path)
            source.diagnostics.append(ThemeDiagnostic(file: path, line: 1, "the file is not UTF-8 text"))
            return source
        }
        return ThemeFileReader.read(text, path: path, name: name)
    }

    /// `source` with its ancestors, merged. A missing parent or a loop is a diagnostic at the
    /// `inherits` line that names it; the chain then stops there.
    public func definition(of source: ThemeSource) -> ThemeDefinition {
        var chain = [source]
        var visited = source.path.map { [Self.canonical($0)] } ?? []
        var problems: [ThemeDiagnostic] = []
        var current = source
        while let parent = current.inherits {
            let here = current.displayPath
            let directory = current.path.map { ($0 as NSString).deletingLastPathComponent }
            if let path = path(of: parent, firstDirectory: directory, excluding: current.path) {
                if visited.contains(Self.canonical(path)) {
                    let names = chain.map(\.name) + [parent]
                    problems.append(ThemeDiagnostic(file: here, line: current.inheritsLine,
                        "inheritance loop: \(names.joined(separator: " → ")); remove one of these inherits lines"))
                    break
                }
                visited.append(Self.canonical(path))
                current = self.source(atPath: path)
            } else if let builtIn = ThemeSource.builtIns.first(where: { $0.name == parent }), !chain.contains(builtIn) {
                current = builtIn
            } else {
                let names = availableNames.filter { $0 != current.name }
                problems.append(ThemeDiagnostic(file: here, line: current.inheritsLine,
                    "inherits '\(parent)', but there is no theme of that name" + ThemeKeys.suggestion(for: parent, in: names)
                    + " (themes: \(names.joined(separator: ", ")))"))
                break
            }
            chain.append(current)
        }
        return ThemeDefinition(chain: chain, extraDiagnostics: problems)
    }

    /// The theme called `name` (or the file at a path: anything with a `/` or ending in
    /// `.toml`), resolved for a terminal of `depth`. Unknown keys are ignored; any error
    /// makes it throw, with the first error in the message.
    public func load(_ name: String, depth: ColorDepth) throws(ThemeLoadError) -> Theme {
        let definition = try self.definition(named: name)
        let errors = definition.errors
        if let first = errors.first {
            let more = errors.count > 1 ? " (and \(errors.count - 1) more; run paydesk theme check)" : ""
            throw ThemeLoadError("theme '\(definition.name)' has errors: \(first)\(more)", diagnostics: definition.diagnostics)
        }
        return definition.theme(for: depth)
    }

    public func definition(named name: String) throws(ThemeLoadError) -> ThemeDefinition {
        if name.contains("/") || name.hasSuffix(".toml") {
            guard FileManager.default.fileExists(atPath: name) else { throw ThemeLoadError("there is no theme file \(name)") }
            return definition(of: source(atPath: name))
        }
        guard !name.isEmpty, !name.hasPrefix("."),
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw ThemeLoadError("'\(name)' is not a theme name; names are letters, digits, '-', '_' and '.'")
        }
        if let path = path(of: name) { return definition(of: source(atPath: path)) }
        if let builtIn = ThemeSource.builtIns.first(where: { $0.name == name }) { return definition(of: builtIn) }
        let names = availableNames
        throw ThemeLoadError("there is no theme named '\(name)'" + ThemeKeys.suggestion(for: name, in: names)
            + " (themes: \(names.joined(separator: ", ")))")
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
