import Testing
@testable import TermUI

@Suite struct ThemeTests {
    let theme = Theme(name: "test", base: Style(fg: .white), styles: [
        "sla": Style(fg: .green),
        "sla.breached": Style(fg: .red, bold: true),
        "list.row.selected": Style(reverse: true),
    ])

    @Test func longestMatchFallsBackDotByDot() {
        #expect(theme.style("sla.breached.row") == Style(fg: .red, bold: true))
        #expect(theme.style("sla.breached") == Style(fg: .red, bold: true))
        #expect(theme.style("sla.warning") == Style(fg: .green))
        #expect(theme.style("sla") == Style(fg: .green))
        #expect(theme.style("priority.p1") == Style(fg: .white))
        #expect(theme["list.row.selected.unfocused"] == Style(reverse: true))
        #expect(theme.style("list.row") == Style(fg: .white))       // a longer key does not match a shorter one
        #expect(theme.matchedKey(for: "sla.breached.row") == "sla.breached")
        #expect(theme.matchedKey(for: "slab") == nil)                // prefixes only at dots
        #expect(theme.matchedKey(for: "") == nil)
    }

    @Test func builtInsDefineEveryStandardKey() {
        for builtIn in Theme.builtIns {
            for key in Theme.standardKeys {
                #expect(builtIn.styles[key] != nil, "\(builtIn.name) lacks \(key)")
            }
        }
        #expect(Set(Theme.standardKeys).count == Theme.standardKeys.count)
        for key in ["pane.border", "pane.border.focus", "pane.title", "list.row.selected", "list.row.selected.unfocused",
                    "priority.p1", "sla.warning", "sla.breached", "status.frozen", "ticket.customer", "ticket.reply",
                    "ticket.note", "dialog", "dialog.danger", "statusbar", "chart.bar"] {
            #expect(Theme.standardKeys.contains(key))
        }
    }

    @Test func monochromeUsesAttributesOnlyAndKeepsSelectionsApart() {
        let mono = Theme.monochrome
        for (key, style) in mono.styles {
            #expect(style.fg == .default && style.bg == .default, "\(key)")
        }
        #expect(mono.style("list.row.selected") != mono.style("list.row.selected.unfocused"))
        #expect(mono.style("list.row.selected") != mono.style("list.row"))
        #expect(mono.style("sla.breached") != mono.style("sla.ok"))
        #expect(mono.style("dialog.button.focus") != mono.style("dialog.button"))
    }

    @Test func darkThemeDistinguishesFocusAndDanger() {
        let dark = Theme.defaultDark
        #expect(dark.style("pane.border.focus") != dark.style("pane.border"))
        #expect(dark.style("list.row.selected") != dark.style("list.row.selected.unfocused"))
        #expect(dark.style("dialog.danger") != dark.style("dialog"))
        #expect(dark.style("ticket.note") != dark.style("ticket.reply"))
    }

    @Test func builtInForDepth() {
        #expect(Theme.builtIn(for: .none) == Theme.monochrome)
        #expect(Theme.builtIn(for: .truecolor) == Theme.defaultDark)
        let eight = Theme.builtIn(for: .ansi8)
        #expect(eight.style("pane.border.focus").fg == .cyan)
        #expect(eight.style("sla.warning").fg == .yellow)                  // bright yellow lowered to 8 colours
        let rgb = Theme(name: "rgb", styles: ["x": Style(fg: .rgb(255, 135, 0))])
        #expect(rgb.adapted(to: .indexed256).style("x").fg == .indexed(208))
        #expect(rgb.adapted(to: .none).style("x").fg == .default)
    }

    @Test func widgetStylesComeFromThemeKeys() {
        let dark = Theme.defaultDark
        #expect(DialogStyle(theme: dark, danger: true).border == dark.style("dialog.danger.border"))
        #expect(DialogStyle(theme: dark).focusedButton == dark.style("dialog.button.focus"))
        #expect(TextFieldStyle(theme: dark).placeholder == dark.style("input.placeholder"))
        #expect(BarChartStyle(theme: dark).bar == dark.style("chart.bar"))
        #expect(TabsStyle(theme: dark).active == dark.style("tabs.active"))
    }
}
