import Foundation
import Testing
@testable import TermUI

/// Search path, inheritance, loops, and the themes shipped in `Themes/`.
@Suite struct ThemeFileCatalogTests {
    static let shippedDirectory: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.appendingPathComponent("Themes").path
            }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    static let shippedNames = ["default", "light", "high-contrast", "solarized-dark", "monochrome", "wallet-green"]

    /// A fresh folder holding `files` (name → text).
    func folder(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir.path
    }

    func theme(_ name: String, inherits parent: String? = nil, _ body: String = "") -> String {
        (parent.map { "inherits = \"\($0)\"\n" } ?? "") + "[meta]\nname = \"\(name)\"\nvariant = \"dark\"\n" + body
    }

    // MARK: - Shipped themes

    @Test func everyShippedThemePassesTheCheckAndDefinesEveryStandardKey() throws {
        let catalog = ThemeCatalog(directories: [Self.shippedDirectory])
        #expect(Set(catalog.entries().map(\.name)) == Set(Self.shippedNames))
        for name in Self.shippedNames {
            let definition = try catalog.definition(named: name)
            #expect(definition.diagnostics.isEmpty, "\(name): \(definition.diagnostics)")
            #expect(definition.missingStandardKeys.isEmpty, "\(name) lacks \(definition.missingStandardKeys)")
            #expect(definition.chain.first?.path != nil, "\(name) should come from its file")
            #expect(definition.variant != nil)
        }
    }

    @Test func defaultAndMonochromeFilesLookLikeTheBuiltIns() throws {
        let catalog = ThemeCatalog(directories: [Self.shippedDirectory])
        for depth in ColorDepth.allCases where depth != .none {
            #expect(try catalog.load("default", depth: depth).styles == Theme.defaultDark.adapted(to: depth).styles)
        }
        let mono = try catalog.load("monochrome", depth: .truecolor)
        #expect(mono.styles == Theme.monochrome.styles)
    }

    /// Whatever the depth, every shipped theme keeps a selected row apart from other rows.
    @Test func selectionStaysVisibleAtEveryDepth() throws {
        let catalog = ThemeCatalog(directories: [Self.shippedDirectory])
        for name in Self.shippedNames {
            for depth in ColorDepth.allCases where depth != .none || name == "monochrome" {
                let t = try catalog.load(name, depth: depth)
                let row = t.style("list.row"), selected = t.style("list.row.selected")
                let unfocused = t.style("list.row.selected.unfocused")
                #expect(selected != row && unfocused != row && selected != unfocused, "\(name) at \(depth)")
                #expect(selected.reverse || selected.bg != row.bg, "\(name) at \(depth): selection needs reverse or a background")
                #expect(t.style("dialog.danger") != t.style("dialog") || name == "monochrome", "\(name) at \(depth)")
            }
        }
    }

    // MARK: - Inheritance

    @Test func childPaletteRecoloursInheritedStyles() throws {
        let dir = try folder([
            "parent.toml": theme("parent", "[palette]\naccent = \"cyan\"\n[styles]\n\"pane.border.focus\" = { fg = \"accent\", bold = true }\n\"muted\" = { dim = true }\n"),
            "child.toml": theme("child", inherits: "parent", "[palette]\naccent = \"#00a651\"\n[styles]\n\"muted\" = { fg = \"bright-black\" }\n"),
        ])
        let t = try ThemeCatalog(directories: [dir]).load("child", depth: .truecolor)
        #expect(t.name == "child")
        #expect(t.style("pane.border.focus") == Style(fg: .rgb(0, 0xa6, 0x51), bold: true))
        #expect(t.style("muted") == Style(fg: .brightBlack))         // a child's key replaces the parent's whole style
    }

    @Test func userThemeOfTheSameNameExtendsTheInstalledOne() throws {
        let user = try folder(["default.toml": theme("default", inherits: "default", "[styles]\n\"pane.border\" = { fg = \"red\" }\n")])
        let catalog = ThemeCatalog(directories: [user, Self.shippedDirectory])
        let definition = try catalog.definition(named: "default")
        #expect(definition.diagnostics.isEmpty, "\(definition.diagnostics)")
        #expect(definition.chain.map(\.path) == [user + "/default.toml", Self.shippedDirectory + "/default.toml"])
        let t = definition.theme(for: .ansi16)
        #expect(t.style("pane.border").fg == .red)
        #expect(t.style("pane.border.focus") == Theme.defaultDark.style("pane.border.focus"))
    }

    @Test func inheritingABuiltInNeedsNoFile() throws {
        let dir = try folder(["mine.toml": theme("mine", inherits: "monochrome", "[styles]\n\"list.row.selected\" = { fg = \"green\", reverse = true }\n")])
        let definition = try ThemeCatalog(directories: [dir]).definition(named: "mine")
        #expect(definition.diagnostics.isEmpty)
        #expect(definition.missingStandardKeys.isEmpty)
        #expect(definition.chain.last?.path == nil)
    }

    @Test func missingParentIsReportedAtTheInheritsLine() throws {
        let dir = try folder([
            "solarized-dark.toml": theme("solarized-dark"),
            "mine.toml": "# mine\n" + theme("mine", inherits: "solarised-dark"),
        ])
        let definition = try ThemeCatalog(directories: [dir]).definition(named: "mine")
        #expect(definition.diagnostics.count == 1)
        let problem = try #require(definition.diagnostics.first)
        #expect(problem.file == dir + "/mine.toml" && problem.line == 2)
        #expect(problem.message.hasPrefix("inherits 'solarised-dark', but there is no theme of that name — did you mean 'solarized-dark'?"))
        #expect(throws: ThemeLoadError.self) { try ThemeCatalog(directories: [dir]).load("mine", depth: .ansi16) }
    }

    @Test func inheritanceLoopsAreFoundAndEnd() throws {
        let dir = try folder([
            "a.toml": theme("a", inherits: "b"),
            "b.toml": "\n\n" + theme("b", inherits: "c"),
            "c.toml": theme("c", inherits: "a"),
            "self.toml": theme("self", inherits: "self"),
        ])
        let catalog = ThemeCatalog(directories: [dir])
        let loop = try catalog.definition(named: "a")
        #expect(loop.diagnostics.map(\.description) == ["\(dir)/c.toml:1: inheritance loop: a → b → c → a; remove one of these inherits lines"])
        #expect(loop.chain.map(\.name) == ["a", "b", "c"])
        let selfLoop = try catalog.definition(named: "self")
        #expect(selfLoop.diagnostics.first?.message.hasPrefix("inherits 'self', but there is no theme of that name") == true)
    }

    @Test func problemsInAParentAreReportedInTheParentFile() throws {
        let dir = try folder([
            "parent.toml": theme("parent", "[styles]\n\"error\" = { fg = \"#zzzzzz\" }\n"),
            "child.toml": theme("child", inherits: "parent"),
        ])
        let definition = try ThemeCatalog(directories: [dir]).definition(named: "child")
        #expect(definition.errors.map(\.file) == [dir + "/parent.toml"])
        #expect(definition.errors.map(\.line) == [5])
    }

    // MARK: - Search path

    @Test func earlierDirectoriesShadowLaterOnes() throws {
        let first = try folder(["light.toml": theme("light", "[styles]\n\"pane.border\" = { fg = \"red\" }\n")])
        let catalog = ThemeCatalog(directories: [first, "/nonexistent/themes", Self.shippedDirectory])
        #expect(catalog.path(of: "light") == first + "/light.toml")
        let entries = catalog.entries().filter { $0.name == "light" }
        #expect(entries.map(\.shadowedBy) == [nil, first + "/light.toml"])
        #expect(try catalog.load("light", depth: .ansi16).style("pane.border").fg == .red)
    }

    @Test func unknownNamesAndBadNamesAreRefused() throws {
        let catalog = ThemeCatalog(directories: [Self.shippedDirectory])
        do {
            _ = try catalog.load("solarised-dark", depth: .ansi16)
            Issue.record("loaded a missing theme")
        } catch {
            #expect(error.message.hasPrefix("there is no theme named 'solarised-dark' — did you mean 'solarized-dark'?"))
        }
        #expect(throws: ThemeLoadError.self) { try catalog.load("../etc/passwd", depth: .ansi16) }
        #expect(throws: ThemeLoadError.self) { try catalog.load(".hidden", depth: .ansi16) }
        // Built-ins answer when no file has the name.
        #expect(try ThemeCatalog(directories: []).load("default", depth: .ansi16).styles == Theme.builtIn(for: .ansi16).styles)
        // A path loads that file.
        #expect(try catalog.load(Self.shippedDirectory + "/light.toml", depth: .ansi16).name == "light")
    }

    @Test func aThemeWithErrorsDoesNotLoadButUnknownKeysAreIgnored() throws {
        let dir = try folder([
            "typo.toml": theme("typo", inherits: "default", "[styles]\n\"pane.boarder\" = { fg = \"red\" }\n"),
            "broken.toml": theme("broken", "[styles]\n\"pane.border\" = { fg = \"#12\" }\n\"error\" = { fg = \"nope\" }\n"),
        ])
        let catalog = ThemeCatalog(directories: [dir])
        #expect(try catalog.load("typo", depth: .ansi16).style("pane.border") == Theme.defaultDark.style("pane.border"))
        do {
            _ = try catalog.load("broken", depth: .ansi16)
            Issue.record("loaded a broken theme")
        } catch {
            #expect(error.message.hasPrefix("theme 'broken' has errors: \(dir)/broken.toml:5: fg = \"#12\" is not a colour"))
            #expect(error.message.hasSuffix("(and 1 more; run paydesk theme check)"))
        }
    }
}
