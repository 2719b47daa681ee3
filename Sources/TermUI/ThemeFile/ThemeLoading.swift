import Foundation

/// Which theme the console draws with, and where theme files are found.
///
/// Selection: `--theme NAME`, else `theme = "NAME"` in `$XDG_CONFIG_HOME/paydesk/config.toml`,
/// else `default`. `NO_COLOR` (any value) and colourless terminals always get `monochrome`.
/// The theme is resolved once, for the terminal's colour depth; a theme that fails to load
/// is replaced by the default theme and the status bar says why, so the console always opens.
public enum ThemeLoading {
    /// A theme and, when something needs saying, one status-bar line about it.
    public struct Selection {
        public var theme: Theme
        public var note: String?
        public var isError: Bool
    }

    /// What `:theme NAME` needs to load another theme the way the first one was loaded.
    public struct Context: Sendable {
        public var catalog: ThemeCatalog
        public var depth: ColorDepth
        public var noColor: Bool

        public init(catalog: ThemeCatalog, depth: ColorDepth, noColor: Bool) {
            self.catalog = catalog; self.depth = depth; self.noColor = noColor
        }
    }

    // MARK: - Search path

    /// First match wins: `--themes-dir`, `$XDG_CONFIG_HOME/paydesk/themes`, the installed
    /// `<prefix>/share/paydesk/themes` (`<prefix>` being the folder above the executable's
    /// `bin`), then `Themes/` of the source tree the executable was built in, so a
    /// `swift build` binary finds the shipped themes without installing.
    public static func searchPath(themesDir: String?, environment: [String: String],
                                  executable: URL? = Bundle.main.executableURL) -> [String] {
        var directories: [String] = []
        if let themesDir, !themesDir.isEmpty { directories.append(themesDir) }
        directories.append(configHome(environment) + "/themes")
        if let executable = executable?.resolvingSymlinksInPath() {
            let binDirectory = executable.deletingLastPathComponent()
            directories.append(binDirectory.deletingLastPathComponent().appendingPathComponent("share/paydesk/themes").path)
            var folder = binDirectory
            while folder.path != "/" && !folder.path.isEmpty {
                if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                    directories.append(folder.appendingPathComponent("Themes").path)
                    break
                }
                folder.deleteLastPathComponent()
            }
        }
        return directories
    }

    public static func catalog(themesDir: String?, environment: [String: String]) -> ThemeCatalog {
        ThemeCatalog(directories: searchPath(themesDir: themesDir, environment: environment))
    }

    /// `$XDG_CONFIG_HOME/paydesk` (default `~/.config/paydesk`).
    public static func configHome(_ environment: [String: String]) -> String {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.config")
        return base + "/paydesk"
    }

    /// `theme = "NAME"` from config.toml: nil when the file or the key is absent. Other keys
    /// belong to other settings and are left alone.
    public static func configuredTheme(_ environment: [String: String]) throws(ThemeLoadError) -> String? {
        let path = configHome(environment) + "/config.toml"
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let table: TOMLTable
        do {
            table = try TOMLTable.parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw ThemeLoadError("\(path):\(error.location.line): \(error.message)")
        }
        guard let node = table["theme"] else { return nil }
        guard let name = node.string, !name.isEmpty else {
            throw ThemeLoadError("\(path):\(node.location.line): theme takes a theme name in quotes, as in theme = \"light\"")
        }
        return name
    }

    /// The depth to resolve themes for: what `ColorDepth.detect` found (COLORTERM and
    /// terminfo), but no more than ncurses can draw for this terminal type. COLORTERM=truecolor
    /// under TERM=xterm-256color would otherwise pick `truecolor` palette values that the
    /// driver then lowers by itself, passing over the theme's own `c256` choices.
    public static func depth(detected: ColorDepth, terminfoColors: Int) -> ColorDepth {
        min(detected, ColorDepth.detect(colors: terminfoColors, environment: [:]))
    }

    // MARK: - Loading

    /// The theme called `name` (or the theme file at a path) for a terminal of `depth`;
    /// monochrome whatever the name when colour is off. Unknown keys in the file are ignored;
    /// any error throws, with `FILE:LINE` in the message. This is what `:theme NAME` calls.
    public static func loadTheme(named name: String, context: Context) throws(ThemeLoadError) -> Theme {
        if context.noColor || context.depth == .none { return monochrome(context.catalog) }
        return try context.catalog.load(name, depth: context.depth)
    }

    /// The theme the console opens with; never fails.
    public static func startupTheme(requested: String?, context: Context, environment: [String: String]) -> Selection {
        var name = requested
        var configProblem: String?
        if name == nil {
            do {
                name = try configuredTheme(environment)
            } catch {
                configProblem = "\(error.message); using the default theme."
            }
        }
        if context.noColor || context.depth == .none {
            // Said only when the agent asked for a theme on this run, not on every start.
            let asked = requested.flatMap { $0 == "monochrome" ? nil : $0 }
            let why = context.noColor ? "NO_COLOR is set" : "this terminal has no colours"
            return Selection(theme: monochrome(context.catalog), note: configProblem ?? asked.map { "\(why), so theme '\($0)' is shown in monochrome." },
                             isError: configProblem != nil)
        }
        let chosen = name ?? "default"
        do {
            let definition = try context.catalog.definition(named: chosen)
            if let first = definition.errors.first {
                let more = definition.errors.count > 1 ? " (and \(definition.errors.count - 1) more)" : ""
                // The consequence first: a long path must not push it off a narrow message line.
                return fallback(context, "Theme '\(chosen)' has errors, so the default theme is used: \(first)\(more).")
            }
            let ignored = definition.diagnostics.filter { $0.severity == .warning }
            let note = configProblem ?? ignored.first.map {
                "Theme '\(chosen)': \(ignored.count) unknown key\(ignored.count == 1 ? "" : "s") ignored (\($0)); run paydesk theme check."
            }
            return Selection(theme: definition.theme(for: context.depth), note: note, isError: configProblem != nil)
        } catch {
            return fallback(context, "\(error.message.prefix(1).uppercased() + error.message.dropFirst()); using the default theme.")
        }
    }

    /// The default theme (the `default.toml` on the path if it loads, else the built-in one)
    /// with `message` for the status bar.
    private static func fallback(_ context: Context, _ message: String) -> Selection {
        let theme = (try? context.catalog.load("default", depth: context.depth)) ?? Theme.builtIn(for: context.depth)
        return Selection(theme: theme, note: message, isError: true)
    }

    private static func monochrome(_ catalog: ThemeCatalog) -> Theme {
        (try? catalog.load("monochrome", depth: .none)) ?? Theme.monochrome
    }

    // MARK: - The running console's context

    /// Set by the launcher so `:theme NAME` resolves names and depth as the start did. The
    /// controller has no reference to the terminal, hence this one shared, locked value.
    public static var current: Context? {
        get { currentBox.withLock { $0 } }
        set { currentBox.withLock { $0 = newValue } }
    }

    private static let currentBox = LockedValue<Context?>(nil)
}

/// A value behind a lock (`Mutex` needs macOS 15; the package supports macOS 13).
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
