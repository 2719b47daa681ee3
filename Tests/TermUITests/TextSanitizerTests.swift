import Testing
@testable import TermUI

@Suite struct TextSanitizerTests {
    @Test func keepsOrdinaryTextAndEmoji() {
        let samples = [
            "Payment failed at Tokopedia, Rp1.234.567",
            "王小明 的账户被盗", "한국어 고객", "Café crème", "e\u{301}",
            "👍 thanks 👨‍👩‍👧 🇮🇩 ❤\u{FE0F}", "مرحبا", "क्‍ष",
        ]
        for text in samples {
            #expect(TextSanitizer.clean(text) == text)
        }
    }

    @Test func removesCSISequencesWhole() {
        #expect(TextSanitizer.clean("\u{1B}[31mred\u{1B}[0m text") == "red text")
        #expect(TextSanitizer.clean("a\u{1B}[2Jb") == "ab")                       // clear screen
        #expect(TextSanitizer.clean("a\u{1B}[10;20Hb") == "ab")                   // cursor move
        #expect(TextSanitizer.clean("a\u{1B}[?1049hb") == "ab")                   // private mode
        #expect(TextSanitizer.clean("x\u{9B}31my") == "xy")                       // 8-bit CSI
        #expect(TextSanitizer.clean("unterminated \u{1B}[31") == "unterminated ")
    }

    @Test func removesOSCSequencesWhole() {
        #expect(TextSanitizer.clean("\u{1B}]0;evil title\u{07}hello") == "hello")            // title, BEL
        #expect(TextSanitizer.clean("\u{1B}]0;evil title\u{1B}\\hello") == "hello")          // title, ST
        #expect(TextSanitizer.clean("a\u{1B}]52;c;cm0gLXJmIH4=\u{07}b") == "ab")            // clipboard write
        #expect(TextSanitizer.clean("\u{1B}]8;;https://evil.example\u{1B}\\click\u{1B}]8;;\u{1B}\\") == "click")
        #expect(TextSanitizer.clean("a\u{9D}0;t\u{9C}b") == "ab")                            // 8-bit OSC and ST
        #expect(TextSanitizer.clean("hidden \u{1B}]0;never ends") == "hidden ")
    }

    @Test func removesStringSequencesAndShortEscapes() {
        #expect(TextSanitizer.clean("a\u{1B}P1$r0m\u{1B}\\b") == "ab")          // DCS
        #expect(TextSanitizer.clean("a\u{1B}_apc payload\u{1B}\\b") == "ab")    // APC
        #expect(TextSanitizer.clean("a\u{1B}^pm\u{1B}\\b") == "ab")             // PM
        #expect(TextSanitizer.clean("a\u{1B}Xsos\u{1B}\\b") == "ab")            // SOS
        #expect(TextSanitizer.clean("a\u{90}dcs\u{9C}b") == "ab")               // 8-bit DCS
        #expect(TextSanitizer.clean("a\u{1B}7b\u{1B}8c") == "abc")              // save/restore cursor
        #expect(TextSanitizer.clean("a\u{1B}cb") == "ab")                       // full reset
        #expect(TextSanitizer.clean("a\u{1B}(0b") == "ab")                      // line-drawing charset
        #expect(TextSanitizer.clean("a\u{1B}#8b") == "ab")                      // screen alignment test
        #expect(TextSanitizer.clean("a\u{1B}OPb") == "ab")                      // SS3
        #expect(TextSanitizer.clean("a\u{1B}") == "a")
    }

    @Test func removesControlCharacters() {
        #expect(TextSanitizer.clean("a\u{0}b\u{7}c\u{8}d\u{7F}e") == "abcde")
        #expect(TextSanitizer.clean("a\u{85}b\u{8D}c") == "abc")                // C1 NEL, RI
        #expect(TextSanitizer.clean("a\u{9F}apc\u{9C}b") == "ab")               // C1 APC string
        #expect(TextSanitizer.clean("col1\tcol2") == "col1 col2")
        #expect(TextSanitizer.clean("line1\nline2\r\nline3\rline4") == "line1 line2 line3 line4")
    }

    @Test func multilineKeepsLineBreaksOnly() {
        #expect(TextSanitizer.cleanMultiline("a\r\nb\rc\nd\u{2028}e") == "a\nb\nc\nd\ne")
        #expect(TextSanitizer.cleanMultiline("x\u{1B}[1mbold\u{1B}[0m\n\ty") == "xbold\n y")
    }

    @Test func removesBidiControls() {
        // "invoice_\u{202E}fdp.exe" would display as invoice_exe.pdf
        #expect(TextSanitizer.clean("invoice_\u{202E}fdp.exe") == "invoice_fdp.exe")
        let all = "\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}\u{200E}\u{200F}\u{061C}"
        #expect(TextSanitizer.clean("a" + all + "b") == "ab")
    }

    @Test func removesInvisibleCharactersButKeepsEmojiJoiners() {
        #expect(TextSanitizer.clean("pay\u{200B}pal") == "paypal")
        #expect(TextSanitizer.clean("pay\u{2060}pal\u{FEFF}") == "paypal")
        #expect(TextSanitizer.clean("pay\u{200D}pal") == "paypal")              // ZWJ between letters
        #expect(TextSanitizer.clean("name\u{3164}\u{FFA0}") == "name")          // Hangul fillers
        #expect(TextSanitizer.clean("ok\u{E0041}\u{E0042}") == "ok")            // tag smuggling
        let family = "👨\u{200D}👩\u{200D}👧"
        #expect(TextSanitizer.clean(family) == family)
        #expect(TextSanitizer.clean(family).count == 1)
        let rainbowFlag = "🏳\u{FE0F}\u{200D}🌈"
        #expect(TextSanitizer.clean(rainbowFlag) == rainbowFlag)
    }

    @Test func replacesInvalidUTF8() {
        #expect(TextSanitizer.clean(bytes: [0x61, 0xFF, 0x62]) == "a\u{FFFD}b")
        #expect(TextSanitizer.clean(bytes: [0x61, 0xE7, 0x8E]) == "a\u{FFFD}")          // truncated 王
        #expect(TextSanitizer.clean(bytes: Array("王".utf8)) == "王")
        #expect(TextSanitizer.clean(bytes: [0x1B, 0x5B, 0x33, 0x31, 0x6D, 0x78]) == "x")
        #expect(TextSanitizer.cleanMultiline(bytes: [0x61, 0x0A, 0xC0, 0x62]) == "a\n\u{FFFD}b")
    }

    @Test func nothingDangerousSurvivesAMixedAttack() {
        let attack = "Hi\u{1B}]52;c;ZXZpbA==\u{07}\u{1B}[2J\u{1B}[H\u{9B}1;1H\u{202E}\u{200B}\u{0}\u{1B}P+q\u{1B}\\there"
        let cleaned = TextSanitizer.clean(attack)
        #expect(cleaned == "Hithere")
        #expect(!cleaned.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }
}
