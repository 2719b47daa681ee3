import Testing
@testable import TermUI

@Suite struct DisplayWidthTests {
    @Test func asciiIsOneColumnPerCharacter() {
        #expect("hello".displayWidth == 5)
        #expect("".displayWidth == 0)
        #expect("Rp1.234.567".displayWidth == 11)
    }

    @Test func cjkAndHangulAreTwoColumns() {
        #expect("王小明".displayWidth == 6)
        #expect("支付失败".displayWidth == 8)
        #expect("한국어".displayWidth == 6)
        #expect("ｶﾀｶﾅ".displayWidth == 4)       // halfwidth katakana stays narrow
        #expect("ＡＢ".displayWidth == 4)       // fullwidth Latin is wide
        #expect("王a".displayWidth == 3)
    }

    @Test func conjoiningHangulJamoIsOneSyllable() {
        // ᄒ + ᅡ + ᆫ (decomposed 한) is one cluster as wide as the precomposed syllable.
        let decomposed = "\u{1112}\u{1161}\u{11AB}"
        #expect(decomposed.count == 1)
        #expect(decomposed.displayWidth == 2)
    }

    @Test func combiningMarksAddNothing() {
        let decomposed = "e\u{301}"
        #expect(decomposed.displayWidth == 1)
        #expect("Cafe\u{301}".displayWidth == 4)
        #expect("a\u{300}\u{301}\u{302}".displayWidth == 1)
        #expect(Character("\u{301}").displayWidth == 0)
    }

    @Test func emojiAreTwoColumns() {
        #expect("👍".displayWidth == 2)
        #expect("👍🏽".displayWidth == 2)               // skin tone modifier
        #expect("👨‍👩‍👧".displayWidth == 2)                 // ZWJ family
        #expect("🇮🇩".displayWidth == 2)                // flag
        #expect("🇮🇩🇯🇵".displayWidth == 4)
        #expect("❤\u{FE0F}".displayWidth == 2)          // VS16 makes a text-default emoji wide
        #expect("❤".displayWidth == 1)
        #expect("1\u{FE0F}\u{20E3}".displayWidth == 2)  // keycap
    }

    @Test func zeroWidthFormatCharactersAddNothing() {
        #expect("a\u{200B}b".displayWidth == 2)
        #expect(Character("\u{200D}").displayWidth == 0)
        #expect(Character("\u{FEFF}").displayWidth == 0)
    }

    @Test func truncateAddsEllipsisAndKeepsExactWidth() {
        #expect(DisplayWidth.truncate("hello world", toWidth: 8) == "hello w…")
        #expect(DisplayWidth.truncate("short", toWidth: 8) == "short")
        #expect(DisplayWidth.truncate("exactly8", toWidth: 8) == "exactly8")
        #expect(DisplayWidth.truncate("anything", toWidth: 0) == "")
        #expect(DisplayWidth.truncate("anything", toWidth: 1) == "…")
    }

    @Test func truncateNeverSplitsAWideCharacter() {
        // 4 columns minus 1 for the ellipsis leaves 3: 王 fits, 小 would straddle → space.
        let cut = DisplayWidth.truncate("王小明", toWidth: 4)
        #expect(cut == "王 …")
        #expect(cut.displayWidth == 4)
        let clipped = DisplayWidth.truncate("王小明", toWidth: 5, ellipsis: "")
        #expect(clipped == "王小 ")
        #expect(clipped.displayWidth == 5)
        for width in 0...8 {
            #expect(DisplayWidth.truncate("a王b👍c明", toWidth: width).displayWidth <= width)
        }
    }

    @Test func padAlignsToExactWidth() {
        #expect(DisplayWidth.pad("ab", toWidth: 5) == "ab   ")
        #expect(DisplayWidth.pad("ab", toWidth: 5, alignment: .right) == "   ab")
        #expect(DisplayWidth.pad("ab", toWidth: 5, alignment: .center) == " ab  ")
        #expect(DisplayWidth.pad("王", toWidth: 5, alignment: .right) == "   王")
        #expect(DisplayWidth.pad("王小明", toWidth: 5) == "王小…")
        #expect(DisplayWidth.pad("王小明", toWidth: 4, ellipsis: "") == "王小")
        for width in 1...9 {
            #expect(DisplayWidth.pad("王a小👍", toWidth: width).displayWidth == width)
        }
    }
}
