import Foundation
import SupportCore
import SupportStore
import Testing

/// Themes through the real binary: `theme list|check`, and the console's colours as tmux
/// sees them (`capture-pane -e`), for NO_COLOR, 8-colour and 256-colour terminals.
@Suite(.serialized) struct ThemeEndToEndTests {
    /// A config home of the test's own, so a theme folder or config.toml on the machine
    /// cannot change what the console shows.
    func configHome(theme: String? = nil) throws -> String {
        let dir = try Harness.tempDir().path
        if let theme {
            try FileManager.default.createDirectory(atPath: dir + "/paydesk", withIntermediateDirectories: true)
            try "# paydesk settings\ntheme = \"\(theme)\"\n".write(toFile: dir + "/paydesk/config.toml", atomically: true, encoding: .utf8)
        }
        return dir
    }

    /// The first two tickets of the demo supervisor's queue (the first is selected at start).
    func firstTickets(_ db: String) throws -> (String, String) {
        let store = try SupportStore(path: db, create: false)
        let rows = try store.queuePage(QueueSpec(view: .team, actor: try store.agent(login: "sari")!), limit: 2)
        return (String(rows[0].number), String(rows[1].number))
    }

    /// Opens the console and waits until both tickets are on screen; returns the `-e` capture.
    func openConsole(_ db: String, arguments: String = "", environment: [String: String],
                     keepNoColor: Bool = false, colorterm: String? = nil) throws -> (TmuxSession, String, (String, String)) {
        let tickets = try firstTickets(db)
        // `env -u` because the console treats NO_COLOR of any value, even empty, as set.
        let unset = keepNoColor ? "" : "env -u NO_COLOR -u COLORTERM " + (colorterm.map { "COLORTERM=\($0) " } ?? "")
        let session = try TmuxSession(command: "\(unset)\(Harness.binary) --db \(db) --as sari \(arguments)",
                                      width: 160, height: 45, environment: environment)
        let shown = try session.waitForScreen { $0.contains(tickets.0) && $0.contains(tickets.1) && $0.contains("Security") }
        #expect(shown.found, "console did not show the queue:\n\(shown.screen)")
        return (session, try session.capture(colors: true), tickets)
    }

    func quit(_ session: TmuxSession) throws {
        try session.send("q")
        #expect(session.waitForExit() == 0)
    }

    // MARK: - Console colours

    @Test func noColorShowsAttributesButNoColours() throws {
        let db = try Harness.demoDatabase()
        let (session, screen, tickets) = try openConsole(db, environment: [
            "NO_COLOR": "1", "TERM": "xterm-256color", "XDG_CONFIG_HOME": try configHome(theme: "wallet-green"),
        ], keepNoColor: true)
        let colours = SGR.sequences(in: screen).filter(SGR.setsColour)
        #expect(colours.isEmpty, "colour escapes under NO_COLOR: \(colours.prefix(5))")
        let attributes = Set(SGR.sequences(in: screen).flatMap { $0 })
        #expect(attributes.contains(1) && attributes.contains(7), "expected bold and reverse: \(attributes.sorted())")
        #expect(SGR.isHighlighted(SGR.active(before: tickets.0, in: screen)), "the selected row is not reverse")
        #expect(!SGR.isHighlighted(SGR.active(before: tickets.1, in: screen)))
        try quit(session)
    }

    @Test(arguments: ["xterm", "screen-256color"])
    func selectionIsVisibleOnEightAnd256ColourTerminals(term: String) throws {
        let db = try Harness.demoDatabase()
        let (session, screen, tickets) = try openConsole(db, environment: ["TERM": term, "XDG_CONFIG_HOME": try configHome()])
        let selected = SGR.active(before: tickets.0, in: screen)
        #expect(SGR.isHighlighted(selected), "\(term): selected row carries \(selected)")
        #expect(!SGR.isHighlighted(SGR.active(before: tickets.1, in: screen)), "\(term): unselected row is highlighted too")
        #expect(SGR.sequences(in: screen).contains(where: SGR.setsColour), "\(term): expected colours")
        if term == "xterm" {
            // Resolved for 8 colours: nothing from the 256-colour or bright ranges.
            let rich = SGR.sequences(in: screen).filter { $0.contains(38) || $0.contains(48) || $0.contains { (90...107).contains($0) } }
            #expect(rich.isEmpty, "xterm got colours it does not have: \(rich.prefix(5))")
        }
        try quit(session)
    }

    @Test func lightThemePicksItsHandChosen256Colours() throws {
        let db = try Harness.demoDatabase()
        let (session, screen, tickets) = try openConsole(db, arguments: "--theme light",
                                                         environment: ["TERM": "screen-256color", "XDG_CONFIG_HOME": try configHome()])
        // light.toml: accent = { …, c256 = 26 } behind the selection, paper = { …, c256 = 231 } behind everything.
        let selected = SGR.active(before: tickets.0, in: screen)
        #expect(selected.contains([48, 5, 26]), "selected row: \(selected)")
        #expect(SGR.active(before: tickets.1, in: screen).contains([48, 5, 231]))
        try quit(session)
    }

    /// COLORTERM=truecolor on a 256-colour terminal type: ncurses can only draw 256 colours,
    /// so the theme's own c256 value is used, not the driver's nearest match to the truecolor
    /// one (light.toml: soft = { truecolor = "#cfe6ff", c256 = 153 }; the nearest is 189).
    @Test func truecolorAnnouncedOnA256ColourTerminalUsesTheThemesC256Values() throws {
        let db = try Harness.demoDatabase()
        let (session, _, tickets) = try openConsole(db, arguments: "--theme light", environment: [
            "TERM": "xterm-256color", "XDG_CONFIG_HOME": try configHome(),
        ], keepNoColor: false, colorterm: "truecolor")
        try session.send("Tab")     // the queue loses focus; its selection shows as unfocused
        var selected: [[Int]] = []
        let unfocused = try Harness.waitUntil {
            selected = SGR.active(before: tickets.0, in: try session.capture(colors: true))
            return selected.contains([48, 5, 153])
        }
        #expect(unfocused, "unfocused selection: \(selected)")
        try quit(session)
    }

    @Test func configTomlChoosesTheTheme() throws {
        let db = try Harness.demoDatabase()
        let (session, screen, tickets) = try openConsole(db, environment: [
            "TERM": "xterm-256color", "XDG_CONFIG_HOME": try configHome(theme: "high-contrast"),
        ])
        // high-contrast selects in bright yellow (ANSI 11), which the default theme never uses.
        let selected = SGR.active(before: tickets.0, in: screen)
        #expect(selected.contains([103]) || selected.contains([48, 5, 11]), "selected row: \(selected)")
        try quit(session)
    }

    @Test func aThemeThatFailsFallsBackToTheDefaultAndSaysWhy() throws {
        let db = try Harness.demoDatabase()
        let dir = try Harness.tempDir().path
        try "[meta]\nname = \"broken\"\nvariant = \"dark\"\n[styles]\n\"pane.border\" = { fg = \"#12\" }\n"
            .write(toFile: dir + "/broken.toml", atomically: true, encoding: .utf8)
        let session = try TmuxSession(command: "env -u NO_COLOR \(Harness.binary) --db \(db) --as sari --themes-dir \(dir) --theme broken",
                                      width: 200, height: 45, environment: ["XDG_CONFIG_HOME": try configHome()])
        let said = try session.waitFor("broken.toml:5:")
        #expect(said.found, "status bar should name the file and line:\n\(said.screen)")
        #expect(said.screen.contains("Theme 'broken' has errors, so the default theme is used: "))
        try quit(session)

        let missing = try TmuxSession(command: "env -u NO_COLOR \(Harness.binary) --db \(db) --as sari --theme solarised-dark",
                                      width: 200, height: 45, environment: ["XDG_CONFIG_HOME": try configHome()])
        let named = try missing.waitFor("did you mean 'solarized-dark'?")
        #expect(named.found, "\(named.screen)")
        try quit(missing)
    }

    // MARK: - theme list / check

    @Test func themeListShowsTheShippedThemes() throws {
        let env = ["XDG_CONFIG_HOME": try configHome()]
        let r = try Harness.run(["theme", "list", "--json"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: rows.map { ($0["name"] as? String ?? "", $0) })
        for name in ["default", "light", "high-contrast", "solarized-dark", "monochrome", "wallet-green"] {
            let row = try #require(byName[name], "missing \(name)")
            #expect((row["file"] as? String)?.hasSuffix("/Themes/\(name).toml") == true)
            #expect(["dark", "light"].contains(row["variant"] as? String))
            #expect(row.keys.contains("inherits"))
        }
        #expect(byName["wallet-green"]?["inherits"] as? String == "default")
        #expect(byName["light"]?["variant"] as? String == "light")
        let table = try Harness.run(["theme", "list"], environment: env)
        #expect(table.stdout.hasPrefix("NAME"))
        #expect(table.stdout.contains("wallet-green"))
    }

    /// Laid out as `make install` does, the binary finds the themes in `<prefix>/share`, and
    /// a user's theme of the same name in `$XDG_CONFIG_HOME/paydesk/themes` comes first.
    @Test func installedLayoutAndUserThemesAreOnTheSearchPath() throws {
        let fm = FileManager.default
        let prefix = try Harness.tempDir().path
        let share = prefix + "/share/paydesk/themes"
        try fm.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: share, withIntermediateDirectories: true)
        try Harness.copyBinary(to: prefix + "/bin/paydesk")
        let shipped = Harness.packageRoot.appendingPathComponent("Themes").path
        for file in try fm.contentsOfDirectory(atPath: shipped) where file.hasSuffix(".toml") {
            try fm.copyItem(atPath: shipped + "/" + file, toPath: share + "/" + file)
        }
        let config = try configHome()
        try fm.createDirectory(atPath: config + "/paydesk/themes", withIntermediateDirectories: true)
        try "inherits = \"light\"\n[meta]\nname = \"light\"\nvariant = \"light\"\n"
            .write(toFile: config + "/paydesk/themes/light.toml", atomically: true, encoding: .utf8)

        let result = try Spawn.run(prefix + "/bin/paydesk", ["theme", "list", "--json"],
                                   environment: ["XDG_CONFIG_HOME": config, "HOME": prefix, "LANG": "C.UTF-8"])
        #expect(result.status == 0, "\(result.stderr)")
        let data = Data(result.stdout.utf8)
        let rows = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let files = rows.compactMap { $0["file"] as? String }
        #expect(files.first == config + "/paydesk/themes/light.toml", "\(files)")
        #expect(files.dropFirst().allSatisfy { $0.hasPrefix(share + "/") }, "\(files)")
        #expect(files.count == 7)
        let installedLight = rows.first { ($0["file"] as? String) == share + "/light.toml" }
        #expect(installedLight?["shadowedBy"] as? String == config + "/paydesk/themes/light.toml")
    }

    @Test func themeCheckPassesTheShippedThemesAndReportsProblemsWithLines() throws {
        let env = ["XDG_CONFIG_HOME": try configHome()]
        let ok = try Harness.run(["theme", "check", "--strict"], environment: env)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.split(separator: "\n").filter { $0.hasPrefix("OK ") }.count == 6, "\(ok.stdout)")

        let dir = try Harness.tempDir().path
        let file = dir + "/mine.toml"
        try """
            inherits = "defualt"
            [meta]
            name = "mine"
            variant = "dark"
            [styles]
            "pane.boarder" = { fg = "cyan" }
            "sla.ok" = { fg = "#12345" }
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try Harness.run(["theme", "check", file], environment: env)
        #expect(bad.status == 1)
        let lines = bad.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("\(file):1: inherits 'defualt', but there is no theme of that name — did you mean 'default'?") }, "\(lines)")
        #expect(lines.contains("\(file):6: unknown key 'pane.boarder' — did you mean 'pane.border'?"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("\(file):7: fg = \"#12345\" is not a colour: write \"#\" and six hex digits") }, "\(lines)")

        try "a = \n".write(toFile: dir + "/syntax.toml", atomically: true, encoding: .utf8)
        let syntax = try Harness.run(["theme", "check", dir + "/syntax.toml"], environment: env)
        #expect(syntax.status == 1)
        #expect(syntax.stdout.hasPrefix("\(dir)/syntax.toml:1: a value is missing after '='"), "\(syntax.stdout)")

        #expect(try Harness.run(["theme", "check", dir + "/none.toml"], environment: env).status == 3)
    }
}

/// Reading SGR escape sequences out of a `tmux capture-pane -e` screen.
enum SGR {
    /// The parameter lists of every `ESC [ … m`, in order.
    static func sequences(in text: String) -> [[Int]] {
        text.matches(of: /\u{1B}\[([0-9;]*)m/).map { match in match.1.split(separator: ";").map { Int($0) ?? 0 } }
    }

    /// True for a foreground or background colour; 39 and 49 (back to the terminal's own
    /// colours) do not count, tmux writes them after every attribute reset.
    static func setsColour(_ params: [Int]) -> Bool {
        params.contains { (30...37).contains($0) || (40...47).contains($0) || (90...97).contains($0) || (100...107).contains($0) || $0 == 38 || $0 == 48 }
    }

    /// The attributes and colours in force where `needle` first appears (everything since the
    /// last reset), one group each: `[1]`, `[7]`, `[46]`, `[48, 5, 26]`.
    static func active(before needle: String, in screen: String) -> [[Int]] {
        guard let line = screen.split(separator: "\n").first(where: { stripped(String($0)).contains(needle) }).map(String.init),
              let target = line.range(of: needle) else { return [] }
        var active: [[Int]] = []
        for match in line.matches(of: /\u{1B}\[([0-9;]*)m/) where match.range.upperBound <= target.lowerBound {
            let params = match.1.split(separator: ";").map { Int($0) ?? 0 }
            if params.isEmpty { active = [] }
            var i = 0
            while i < params.count {
                // 38;5;N and 38;2;R;G;B (48 likewise) are one colour.
                let length = params[i] == 38 || params[i] == 48 ? (params.count > i + 1 && params[i + 1] == 2 ? 5 : 3) : 1
                let group = Array(params[i..<min(params.count, i + length)])
                if group == [0] { active = [] } else { active.append(group) }
                i += length
            }
        }
        return active
    }

    /// Reverse video or a background colour: a selected row must have one of them.
    static func isHighlighted(_ active: [[Int]]) -> Bool {
        active.contains { g in g == [7] || (40...47).contains(g[0]) || (100...107).contains(g[0]) || g[0] == 48 }
    }

    static func stripped(_ line: String) -> String {
        line.replacing(/\u{1B}\[[0-9;]*m/, with: "")
    }
}
