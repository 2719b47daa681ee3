import Testing
@testable import TermUI

@Suite struct KeyTests {
    @Test func namesForHelpScreens() {
        #expect(Key.tab.name == "Tab")
        #expect(Key.backTab.name == "S-Tab")
        #expect(Key.ctrl("s").name == "C-s")
        #expect(Key.pageDown.name == "PgDn")
        #expect(Key.up.name == "↑")
        #expect(Key.char(" ").name == "Space")
        #expect(Key.char("?").name == "?")
        #expect(Key.alt("x").name == "M-x")
        #expect(Key.f(5).name == "F5")
        #expect(Key.escape.name == "Esc")
    }

    @Test func specsParse() {
        #expect(Key(spec: "C-s") == .ctrl("s"))
        #expect(Key(spec: "Ctrl-S") == .ctrl("s"))
        #expect(Key(spec: "^r") == .ctrl("r"))
        #expect(Key(spec: "C-i") == .tab)          // terminals send Tab for Ctrl-I
        #expect(Key(spec: "M-x") == .alt("x"))
        #expect(Key(spec: "Alt-b") == .alt("b"))
        #expect(Key(spec: "S-Tab") == .backTab)
        #expect(Key(spec: "enter") == .enter)
        #expect(Key(spec: "RET") == .enter)
        #expect(Key(spec: "PgDn") == .pageDown)
        #expect(Key(spec: "pageup") == .pageUp)
        #expect(Key(spec: "↓") == .down)
        #expect(Key(spec: "F12") == .f(12))
        #expect(Key(spec: "q") == .char("q"))
        #expect(Key(spec: "Q") == .char("Q"))
        #expect(Key(spec: "/") == .char("/"))
        #expect(Key(spec: "王") == .char("王"))
        #expect(Key(spec: "Space") == .char(" "))
    }

    @Test func badSpecsAreRejected() {
        for spec in ["", "C-", "C-ab", "Hyper-x", "F0", "F99", "PageSideways", "M-"] {
            #expect(Key(spec: spec) == nil, "\(spec)")
        }
    }

    @Test func everyNameParsesBackToItsKey() {
        let keys: [Key] = [
            .char("a"), .char(" "), .char("?"), .ctrl("s"), .ctrl(" "), .alt("x"), .enter, .escape, .tab, .backTab,
            .backspace, .delete, .up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .insert, .f(1), .f(24),
        ]
        for key in keys {
            #expect(Key(spec: key.name) == key, "\(key.name)")
        }
    }
}
