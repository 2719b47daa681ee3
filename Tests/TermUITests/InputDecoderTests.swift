import Testing
@testable import TermUI

/// Feeds `InputDecoder` a script of raw reads, as `wget_wch` would return them.
private func decode(_ inputs: [RawInput], keyCodes: [Int32: Event] = [:]) -> [Event] {
    final class Script: @unchecked Sendable {
        var inputs: [RawInput]
        init(_ inputs: [RawInput]) { self.inputs = inputs }
    }
    let script = Script(inputs)
    var decoder = InputDecoder(
        read: { _ in script.inputs.isEmpty ? nil : script.inputs.removeFirst() },
        decodeKeyCode: { keyCodes[$0] })
    decoder.pasteStallMilliseconds = 0
    var events: [Event] = []
    while let event = decoder.next(timeout: 0) { events.append(event) }
    return events
}

private func chars(_ text: String) -> [RawInput] {
    text.unicodeScalars.map { .character($0.value) }
}

@Suite struct InputDecoderTests {
    @Test func plainAndControlCharacters() {
        #expect(decode(chars("a王")) == [.key(.char("a")), .key(.char("王"))])
        #expect(decode(chars("\u{13}\u{9}\r\u{7F}\u{8}\u{1}")) == [
            .key(.ctrl("s")), .key(.tab), .key(.enter), .key(.backspace), .key(.backspace), .key(.ctrl("a")),
        ])
    }

    @Test func loneEscapeIsEscape() {
        #expect(decode(chars("\u{1B}")) == [.key(.escape)])
    }

    @Test func escapeFollowedByACharacterIsAlt() {
        #expect(decode(chars("\u{1B}x\u{1B}b")) == [.key(.alt("x")), .key(.alt("b"))])
        #expect(decode(chars("\u{1B}[")) == [.key(.alt("["))])
    }

    @Test func escapeBeforeAKeyCodeStaysEscape() {
        let up: Int32 = 0o403
        #expect(decode([.character(0x1B), .keyCode(up)], keyCodes: [up: .key(.up)]) == [.key(.escape), .key(.up)])
    }

    @Test func unknownControlSequencesAreSwallowedWhole() {
        #expect(decode(chars("\u{1B}[1;5Aq")) == [.key(.char("q"))])
        #expect(decode(chars("\u{1B}[?1;2cz")) == [.key(.char("z"))])
    }

    @Test func bracketedPasteArrivesAsOneSanitisedEvent() {
        let events = decode(chars("\u{1B}[200~q quit\r\nrm -rf \u{1B}[31mred\u{1B}[201~x"))
        #expect(events == [.paste("q quit\nrm -rf red"), .key(.char("x"))])
    }

    @Test func unterminatedPasteEndsWhenInputStops() {
        #expect(decode(chars("\u{1B}[200~partial")) == [.paste("partial")])
    }

    @Test func keyCodesWithoutMeaningAreSkipped() {
        let release: Int32 = 0o631
        #expect(decode([.keyCode(release), .character(0x61)], keyCodes: [:]) == [.key(.char("a"))])
    }

    @Test func ncursesKeyCodesMapToKeys() {
        #expect(NCursesKeyCodes.key(for: 0o403) == .up)
        #expect(NCursesKeyCodes.key(for: 0o522) == .pageDown)
        #expect(NCursesKeyCodes.key(for: 0o541) == .backTab)
        #expect(NCursesKeyCodes.key(for: 0o410 + 5) == .f(5))
        #expect(NCursesKeyCodes.key(for: 0o632) == nil)   // KEY_RESIZE is handled by the driver
    }
}
