import Foundation
import Testing
@testable import TermUI

/// Theme files: the format's checks, palette depths, fallback and inheritance.
@Suite struct ThemeFileTests {
    static let header = "[meta]\nname = \"t\"\nvariant = \"dark\"\n"

    func read(_ body: String, name: String = "t") -> ThemeSource {
        ThemeFileReader.read(Self.header.replacingOccurrences(of: "\"t\"", with: "\"\(name)\"") + body, path: "\(name).toml", name: name)
    }

    /// The one diagnostic `body` produces, as `FILE:LINE: message`.
    func onlyProblem(_ body: String) -> String? {
        let source = read(body)
        let definition = ThemeDefinition(chain: [source])
        #expect(definition.diagnostics.count == 1, "\(definition.diagnostics)")
        return definition.diagnostics.first?.description
    }

    @Test func readsStylesInEveryWrittenForm() throws {
        let source = read("""
            [palette]
            leaf = "#2e7d32"
            [styles]
            "pane.border" = { fg = "leaf", bold = true }
            "pane.border.focus" = { fg = "cyan", bg = 236, underline = true, reverse = true, dim = true }
            sla.ok = "green"
            [styles.dialog]
            fg = "white"
            danger = { bg = "red" }
            """)
        #expect(source.diagnostics.isEmpty, "\(source.diagnostics)")
        let theme = ThemeDefinition(chain: [source]).theme(for: .truecolor)
        #expect(theme.name == "t")
        #expect(theme.style("pane.border") == Style(fg: .rgb(0x2e, 0x7d, 0x32), bold: true))
        #expect(theme.style("pane.border.focus") == Style(fg: .cyan, bg: .indexed(236), underline: true, reverse: true, dim: true))
        #expect(theme.style("sla.ok") == Style(fg: .green))
        #expect(theme.style("dialog") == Style(fg: .white))
        #expect(theme.style("dialog.danger") == Style(bg: .red))
        #expect(source.styles["pane.border.focus"]?.line == 8)
    }

    @Test func longestMatchFallbackAndBase() {
        let source = read("""
            [styles]
            "base" = { fg = "white", bg = "black" }
            "sla" = { fg = "green" }
            "sla.breached" = { fg = "bright-white", bg = "red", bold = true }
            "list.row.selected" = { reverse = true }
            """)
        let theme = ThemeDefinition(chain: [source]).theme(for: .ansi16)
        #expect(theme.style("sla.breached.row") == Style(fg: .brightWhite, bg: .red, bold: true))
        #expect(theme.style("sla.warning") == Style(fg: .green, bg: .black))      // bg left out: base's
        #expect(theme.style("list.row.selected.unfocused") == Style(fg: .white, bg: .black, reverse: true))
        #expect(theme.style("priority.p1") == Style(fg: .white, bg: .black))      // nothing matches: base
        #expect(theme.base == Style(fg: .white, bg: .black))
    }

    @Test func paletteValuesPerDepth() {
        let source = read("""
            [palette]
            brand = { truecolor = "#00a651", c256 = 35, c16 = "bright-green", c8 = "green" }
            rich = { truecolor = "#ff8700" }
            poor = { c8 = "red" }
            single = "#ff8700"
            [styles]
            "chart.bar" = { fg = "brand" }
            "chart.label" = { fg = "rich" }
            "chart.value" = { fg = "poor" }
            "sparkline" = { fg = "single" }
            """)
        let definition = ThemeDefinition(chain: [source])
        #expect(definition.diagnostics.isEmpty, "\(definition.diagnostics)")
        func fg(_ key: String, _ depth: ColorDepth) -> Color { definition.theme(for: depth).style(key).fg }
        #expect(fg("chart.bar", .truecolor) == .rgb(0, 0xa6, 0x51))
        #expect(fg("chart.bar", .indexed256) == .indexed(35))
        #expect(fg("chart.bar", .ansi16) == .brightGreen)
        #expect(fg("chart.bar", .ansi8) == .green)
        #expect(fg("chart.bar", .none) == .default)
        // Only truecolor given: lowered to the depth.
        #expect(fg("chart.label", .indexed256) == .indexed(208))
        #expect(fg("chart.label", .ansi8) == Color.rgb(255, 135, 0).approximated(for: .ansi8))
        // Only c8 given: used at every depth.
        #expect(fg("chart.value", .truecolor) == .red)
        // A single value is lowered like any colour.
        #expect(fg("sparkline", .truecolor) == .rgb(255, 135, 0))
        #expect(fg("sparkline", .indexed256) == .indexed(208))
    }

    @Test func richerValueBeatsPoorerWhenTheDepthItselfIsMissing() {
        let color = PaletteColor.perDepth([.truecolor: .rgb(0, 0xa6, 0x51), .indexed256: .indexed(35), .ansi8: .green])
        #expect(color.resolved(for: .ansi16) == Color.indexed(35).approximated(for: .ansi16))
        #expect(PaletteColor.perDepth([.ansi16: .brightRed]).resolved(for: .ansi8) == .red)
    }

    @Test func aPaletteNameShadowsTheANSIColourOfThatName() {
        let theme = ThemeDefinition(chain: [read("[palette]\nred = \"#dc322f\"\n[styles]\n\"error\" = { fg = \"red\" }\n")])
            .theme(for: .truecolor)
        #expect(theme.style("error").fg == .rgb(0xdc, 0x32, 0x2f))
    }

    // MARK: - Problems, each with its line

    @Test func unknownKeySuggestsTheNearestKnownOne() {
        #expect(onlyProblem("[styles]\n\"pane.boarder\" = { fg = \"cyan\" }\n")
            == "t.toml:5: unknown key 'pane.boarder' — did you mean 'pane.border'?")
        #expect(read("[styles]\n\"pane.boarder\" = { fg = \"cyan\" }\n").diagnostics.first?.severity == .warning)
        #expect(onlyProblem("[style]\n")?.contains("t.toml:4: unknown key 'style' — did you mean 'styles'?") == true)
        #expect(onlyProblem("[meta2]\n")?.hasPrefix("t.toml:4: unknown key 'meta2'") == true)
    }

    @Test(arguments: [
        ("[styles]\n\"error\" = { fg = \"#12345\" }\n", "t.toml:5: fg = \"#12345\" is not a colour: write \"#\" and six hex digits, as in \"#1e90ff\""),
        ("[styles]\n\"error\" = { fg = \"gren\" }\n", "t.toml:5: unknown colour 'gren' in fg of 'error' — did you mean 'green'?"),
        ("[styles]\n\"error\" = { bg = 300 }\n", "t.toml:5: bg = 300 is not in the 256-colour palette; write 0–255"),
        ("[styles]\n\"error\" = { fg = \"bright_red\" }\n", "did you mean 'bright-red'?"),
        ("[styles]\n\"error\" = { fg = true }\n", "fg takes a colour, not a boolean"),
        ("[styles]\n\"error\" = { bold = \"true\" }\n", "t.toml:5: bold takes true or false, without quotes"),
        ("[styles]\n\"error\" = { udnerline = true }\n", "unknown field 'udnerline' in the style of 'error' — did you mean 'underline'?"),
        ("[styles]\n\"error\" = { italic = true }\n", "no italic"),
        ("[styles]\n\"error\" = 1.5\n", "t.toml:5: '1.5': floats"),
        ("[styles]\n\"error\" = [1]\n", "not an array"),
        ("[styles]\n\"error\" = { fg = \"red\" }\nerror = { fg = \"red\" }\n", "t.toml:6: duplicate key 'error'"),
        ("[palette]\nx = { c8 = \"bright-red\" }\n", "t.toml:5: x.c8: 'bright-red' needs 16 colours; c8 takes one of black, red"),
        ("[palette]\nx = { c16 = 200 }\n", "c16 takes an ANSI name"),
        ("[palette]\nx = { c256 = \"#ffffff\" }\n", "put \"#rrggbb\" in truecolor"),
        ("[palette]\nx = { true_color = \"#ffffff\" }\n", "unknown depth 'true_color' in palette colour 'x' — did you mean 'truecolor'?"),
        ("[palette]\nx = \"y\"\n", "not other palette names"),
        ("[palette]\ninherits = \"default\"\n", "inherits goes at the top of the file"),
    ])
    func problemsAreReportedAtTheirLine(body: String, expected: String) throws {
        let problem = try #require(onlyProblem(body))
        #expect(problem.contains(expected), "\(problem)")
    }

    @Test func metaIsChecked() {
        let noMeta = ThemeFileReader.read("[styles]\n", path: "x.toml", name: "x")
        #expect(noMeta.diagnostics.map(\.description) == [
            "x.toml:1: missing [meta] table; add [meta] with name = \"x\" and variant = \"dark\" or \"light\"",
        ])
        let wrong = ThemeFileReader.read("[meta]\nname = \"y\"\nvariant = \"drak\"\n", path: "x.toml", name: "x")
        #expect(wrong.diagnostics.map(\.line) == [2, 3])
        #expect(wrong.diagnostics[0].message.contains("the file is x.toml"))
        #expect(wrong.diagnostics[1].message == "variant must be \"dark\" or \"light\" — did you mean 'dark'?")
        let misplaced = ThemeFileReader.read("\"pane.border\" = { fg = \"red\" }\n[meta]\nname = \"x\"\nvariant = \"dark\"\n",
                                             path: "x.toml", name: "x")
        #expect(misplaced.diagnostics.map(\.description) == ["x.toml:1: style keys belong under [styles]: move 'pane.border' below a [styles] line"])
        let syntax = ThemeFileReader.read("[meta]\nname = \"x\"\nvariant = dark\n", path: "x.toml", name: "x")
        #expect(syntax.diagnostics.map(\.description) == ["x.toml:3: 'dark' is not a value; text needs quotes: \"dark\""])
    }

    @Test func editDistanceCountsTranspositions() {
        #expect(ThemeKeys.editDistance("pane.boarder", "pane.border") == 1)
        #expect(ThemeKeys.editDistance("pnae", "pane") == 1)
        #expect(ThemeKeys.nearest(to: "zzzzzz", in: ["pane", "dialog"]) == nil)
        #expect(ThemeKeys.known.contains("dialog.danger"))
        #expect(ThemeKeys.known.contains("sla"))
        #expect(ThemeKeys.known.contains("ticket.note.heading"))
    }
}
