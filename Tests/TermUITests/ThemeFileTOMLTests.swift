import Testing
@testable import TermUI

/// The TOML subset theme files are read with: values, keys and where they are.
@Suite struct ThemeFileTOMLTests {
    @Test func readsValuesKeysAndTheirLines() throws {
        let doc = try TOMLTable.parse("""
            # comment
            inherits = "default"   # trailing comment
            [meta]
            name = 'literal \\ stays'
            count = 1_000
            hex = 0xff
            on = true
            list = [
              1, # one
              2,
            ]
            [styles]
            "pane.border" = { fg = "cyan", bold = true }
            sla.ok = "green"
            sla.warning = { fg = 11 }
            """)
        #expect(doc.keys == ["inherits", "meta", "styles"])
        #expect(doc["inherits"]?.string == "default")
        #expect(doc.entry("meta")?.keyLocation.line == 3)
        let meta = try #require(doc["meta"]?.table)
        #expect(meta["name"]?.string == "literal \\ stays")
        #expect(meta["count"]?.integer == 1000)
        #expect(meta["hex"]?.integer == 255)
        #expect(meta["on"]?.boolean == true)
        if case .array(let items)? = meta["list"]?.value {
            #expect(items.map(\.integer) == [1, 2])
            #expect(items.map(\.location.line) == [9, 10])
        } else {
            Issue.record("list is not an array")
        }
        let styles = try #require(doc["styles"]?.table)
        #expect(styles.keys == ["pane.border", "sla"])
        let border = try #require(styles["pane.border"]?.table)
        #expect(border.isInline)
        #expect(border["fg"]?.string == "cyan")
        #expect(border.entry("bold")?.keyLocation == SourceLocation(line: 13, column: 32))
        let sla = try #require(styles["sla"]?.table)
        #expect(!sla.isInline)
        #expect(sla.keys == ["ok", "warning"])
        #expect(sla.entry("warning")?.keyLocation.line == 15)
    }

    @Test func basicStringEscapes() throws {
        let doc = try TOMLTable.parse(#"s = "tab\t quote\" back\\ \u00e9""#)
        #expect(doc["s"]?.string == "tab\t quote\" back\\ é")
    }

    @Test func acceptsWindowsLineEndingsAndAByteOrderMark() throws {
        let doc = try TOMLTable.parse("\u{FEFF}a = 1\r\nb = 2\r\n")
        #expect(doc["a"]?.integer == 1)
        #expect(doc.entry("b")?.keyLocation.line == 2)
    }

    /// Each syntax error names its line (and the reader's column).
    @Test(arguments: [
        ("a = 1\nb = \"open\n", 2, "not closed"),
        ("a = 1\n\nfg = cyan\n", 3, "text needs quotes: \"cyan\""),
        ("[meta]\nname \"x\"\n", 2, "expected '='"),
        ("[meta]\nname =\n", 2, "value is missing"),
        ("a = 1\na = 2\n", 2, "duplicate key 'a' (first set on line 1)"),
        ("[s]\npane.border = { fg = \"x\" }\npane.border.focus = { fg = \"y\" }\n", 3, "\"pane.border.focus\" = …"),
        ("[a]\n[a]\n", 2, "defined twice (first on line 1)"),
        ("[[themes]]\n", 1, "arrays of tables"),
        ("x = 1.5\n", 1, "floats"),
        ("x = 2026-11-20\n", 1, "dates"),
        ("x = \"\"\"\nmulti\n\"\"\"\n", 1, "multi-line strings"),
        ("x = 1 y = 2\n", 1, "end of the line"),
        ("x = [1, 2\n", 1, "never closed"),
        ("x = { a = 1\n", 1, "never closed"),
        ("x = \"\\q\"\n", 1, "unknown escape"),
        ("x = 007\n", 1, "leading zeros"),
        ("a.b = 1\na = 2\n", 2, "duplicate key 'a'"),
        ("[meta\n", 1, "expected ']'"),
        ("= 1\n", 1, "expected a key"),
    ])
    func syntaxErrorsCarryTheirLine(text: String, line: Int, message: String) {
        do {
            _ = try TOMLTable.parse(text)
            Issue.record("no error for \(text.debugDescription)")
        } catch {
            #expect(error.location.line == line, "\(error)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}
