import Testing
@testable import TermUI

/// A C library that knows CJK and basic emoji as wide, but not flags, ZWJ sequences or VS16 —
/// the disagreements the driver must absorb.
private func libcWidth(_ value: UInt32) -> Int {
    switch value {
    case 0x200D, 0xFE0F, 0x301: return 0
    case 0x4E00...0x9FFF, 0x1F468...0x1F469, 0x1F467, 0x1F44D: return 2
    case 0x1F1E6...0x1F1FF, 0x2764: return 1
    case 0x0...0x1F: return -1
    default: return 1
    }
}

@Suite struct GlyphPlanTests {
    func plan(_ text: String) -> [TerminalGlyph] {
        NCursesGlyphs.plan(text, width: DisplayWidth.of(Character(text)), unicode: true, wcwidth: libcWidth)
    }

    @Test func agreeingCharactersPassThrough() {
        #expect(plan("a") == [.text([0x61])])
        #expect(plan("王") == [.text([0x738B])])
        #expect(plan("e\u{301}") == [.text([0x65, 0x301])])
        #expect(plan("👍") == [.text([0x1F44D])])
    }

    @Test func flagsAreWrittenOneIndicatorPerColumn() {
        #expect(plan("🇮🇩") == [.text([0x1F1EE]), .text([0x1F1E9])])
    }

    @Test func zwjSequenceFallsBackToItsFirstEmoji() {
        #expect(plan("👨‍👩‍👧") == [.text([0x1F468])])
    }

    @Test func narrowBaseOfAWideClusterGetsAPaddingSpace() {
        // ❤️ is wide for TermUI but the C library sees ❤ as narrow: send ❤ plus a space,
        // without the VS16 that would make some terminals draw it wide.
        #expect(plan("❤\u{FE0F}") == [.text([0x2764]), .text([0x20])])
    }

    @Test func nonUTF8LocalesGetACSLinesAndQuestionMarks() {
        func ascii(_ text: String) -> [TerminalGlyph] {
            NCursesGlyphs.plan(text, width: DisplayWidth.of(Character(text)), unicode: false, wcwidth: libcWidth)
        }
        #expect(ascii("┌") == [.line(.upperLeft)])
        #expect(ascii("━") == [.line(.horizontal)])
        #expect(ascii("a") == [.text([0x61])])
        #expect(ascii("é") == [.text([0x3F])])
        #expect(ascii("王") == [.text([0x3F]), .text([0x3F])])
    }
}

@Suite struct ColorTests {
    @Test func depthDetection() {
        #expect(ColorDepth.detect(colors: 256, environment: [:]) == .indexed256)
        #expect(ColorDepth.detect(colors: 8, environment: [:]) == .ansi8)
        #expect(ColorDepth.detect(colors: 16, environment: [:]) == .ansi16)
        #expect(ColorDepth.detect(colors: 0, environment: [:]) == .none)
        #expect(ColorDepth.detect(colors: 256, environment: ["COLORTERM": "truecolor"]) == .truecolor)
        #expect(ColorDepth.detect(colors: 256, environment: ["COLORTERM": "24bit"]) == .truecolor)
        #expect(ColorDepth.detect(colors: 256, environment: ["NO_COLOR": "1", "COLORTERM": "truecolor"]) == .none)
        #expect(ColorDepth.detect(colors: 256, environment: ["NO_COLOR": ""]) == .indexed256)
    }

    @Test func coloursFallBackStepByStep() {
        let orange = Color.rgb(255, 135, 0)
        #expect(orange.approximated(for: .truecolor) == orange)
        #expect(orange.approximated(for: .indexed256) == .indexed(208))
        #expect(Color.rgb(128, 128, 128).approximated(for: .indexed256) == .indexed(244))
        #expect(Color.rgb(250, 0, 0).approximated(for: .ansi16) == .brightRed)
        #expect(Color.rgb(200, 0, 0).approximated(for: .ansi8) == .red)
        #expect(Color.indexed(196).approximated(for: .ansi16) == .brightRed)
        #expect(Color.brightRed.approximated(for: .ansi8) == .red)
        #expect(Color.cyan.approximated(for: .none) == .default)
        #expect(Color.default.approximated(for: .ansi8) == .default)
    }

    @Test func pairsAreAllocatedOnceAndAttributesAlwaysApply() {
        var table = ColorPairTable(colors: 256, pairLimit: 3, enabled: true, hasDefaultColors: true)
        var defined: [[Int32]] = []
        let record: (Int32, Int32, Int32) -> Bool = { pair, fg, bg in defined.append([pair, fg, bg]); return true }
        let red = table.attributes(for: Style(fg: .red, bold: true), initPair: record)
        let again = table.attributes(for: Style(fg: .red, underline: true), initPair: record)
        let blue = table.attributes(for: Style(fg: .blue, bg: .indexed(236)), initPair: record)
        let full = table.attributes(for: Style(fg: .green, reverse: true), initPair: record)
        #expect(red.pair == 1 && red.bold)
        #expect(again.pair == 1 && again.underline && !again.bold)
        #expect(blue.pair == 2)
        #expect(full.pair == 0 && full.reverse)       // table full: default colours, attributes kept
        #expect(defined == [[1, 1, -1], [2, 4, 236]])
        #expect(table.attributes(for: .plain, initPair: record).pair == 0)
    }

    @Test func noColorKeepsAttributesOnly() {
        var table = ColorPairTable(colors: 256, pairLimit: 100, enabled: false, hasDefaultColors: true)
        let look = table.attributes(for: Style(fg: .red, bg: .blue, bold: true, dim: true)) { _, _, _ in
            Issue.record("no pair may be defined when colour is off")
            return true
        }
        #expect(look == ColorPairTable.Attributes(bold: true, dim: true, pair: 0))
    }

    @Test func eightColourTerminalsShowBrightAsBold() {
        var table = ColorPairTable(colors: 8, pairLimit: 64, enabled: true, hasDefaultColors: false)
        let look = table.attributes(for: Style(fg: .brightYellow)) { _, _, _ in true }
        #expect(look.bold && look.pair == 1)
        #expect(table.number(for: .brightYellow, isForeground: true) == 3)
        #expect(table.number(for: .default, isForeground: true) == 7)
        #expect(table.number(for: .default, isForeground: false) == 0)
    }
}

/// Clusters the C library sees as several characters reach the terminal whole.
@Suite struct WholeClusterTests {
    func plan(_ text: String) -> [TerminalGlyph] {
        NCursesGlyphs.plan(text, width: DisplayWidth.of(Character(text)), unicode: true, wcwidth: libcWidth)
    }

    @Test func anIndicConjunctGoesOneLetterPerColumnWithEveryMark() {
        // A C library that knows the Telugu virama, ZWNJ and vowel sign as zero width.
        func telugu(_ value: UInt32) -> Int { [0xC4D, 0x200C, 0xC3E, 0x94D, 0x200D].contains(value) ? 0 : libcWidth(value) }
        // జ ్ ఞ ZWNJ ా: two letters, two columns; the marks ride with their letters.
        #expect(DisplayWidth.of(Character("జ్ఞ‌ా")) == 2)
        #expect(NCursesGlyphs.plan("జ్ఞ‌ా", width: 2, unicode: true, wcwidth: telugu)
                == [.text([0xC1C, 0xC4D]), .text([0xC1E, 0x200C, 0xC3E])])
        // A half form keeps its joiner after the virama.
        #expect(DisplayWidth.of(Character("क्\u{200D}ष")) == 2)
        #expect(NCursesGlyphs.plan("क्\u{200D}ष", width: 2, unicode: true, wcwidth: telugu)
                == [.text([0x915, 0x94D, 0x200D]), .text([0x937])])
    }

    @Test func emojiSequencesAreWrittenWholeOnlyWhereTheTerminalJoinsThem() {
        #expect(NCursesGlyphs.isJoinedEmoji("👨‍👩‍👧‍👦"))
        #expect(!NCursesGlyphs.isJoinedEmoji("👍"))
        #expect(!NCursesGlyphs.isJoinedEmoji("क्\u{200D}ष"))
        #expect(NCursesGlyphs.terminalJoinsEmoji(["TMUX": "/tmp/tmux-0/default,1,0"]))
        #expect(NCursesGlyphs.terminalJoinsEmoji(["TERM": "xterm-kitty"]))
        #expect(!NCursesGlyphs.terminalJoinsEmoji(["TERM": "xterm-256color"]))
        #expect(!NCursesGlyphs.terminalJoinsEmoji(["TMUX": "x", "PAYDESK_EMOJI_ZWJ": "0"]))
        #expect(NCursesGlyphs.terminalJoinsEmoji(["TERM": "xterm", "PAYDESK_EMOJI_ZWJ": "1"]))
    }

    @Test func aWideClusterKeepsItsCellsAndItsNeighbours() {
        var screen = Screen(width: 10, height: 1)
        screen.put("aक्षिb", at: 0, 0)
        #expect(screen.lines() == ["aक्षिb"])
        // क ् ष ि: three spacing scalars, three columns.
        #expect(screen[1, 0].grapheme == "क्षि" && screen[2, 0].isContinuation && screen[3, 0].isContinuation)
        #expect(screen[4, 0].grapheme == "b")
        screen.put("x", at: 2, 0)   // over the cluster's middle: the whole cluster goes
        #expect(screen.lines() == ["a x b"])
    }
}
