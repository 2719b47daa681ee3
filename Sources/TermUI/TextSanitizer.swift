/// Makes untrusted text (customer messages, names, counterparties, imported data) safe to
/// show in a terminal: nothing in it can move the cursor, change colours, set the window
/// title, write the clipboard (OSC 52), smuggle a hyperlink (OSC 8), reorder what the agent
/// reads (bidi overrides) or hide characters (zero-width and filler characters).
///
/// What goes:
/// - C0 controls and DEL; TAB becomes a space. `clean` turns line breaks (LF, CR, CRLF,
///   U+2028, U+2029) into one space each; `cleanMultiline` turns them into `\n`.
/// - Complete escape sequences, not just the ESC: CSI (`ESC [` … final byte), OSC (`ESC ]` …
///   BEL or ST), DCS / SOS / PM / APC strings (… ST), SS2/SS3 with their character, and
///   two- or three-character sequences (`ESC 7`, `ESC ( B`). The 8-bit C1 forms (U+009B CSI,
///   U+009D OSC, U+0090 DCS, …) are parsed the same way; other C1 controls are dropped.
///   An unterminated string sequence swallows the rest of the text, as a terminal would.
/// - Bidi embeddings, overrides, isolates and marks (U+202A–U+202E, U+2066–U+2069,
///   U+200E, U+200F, U+061C).
/// - Characters that hide text: U+200B, U+2060–U+2064, U+FEFF, U+180E, Hangul fillers
///   U+3164 / U+FFA0, interlinear annotation U+FFF9–U+FFFB and tag characters
///   U+E0000–U+E007F (which makes subdivision flags show as a plain 🏴).
/// - ZWJ (U+200D) except between emoji (👨‍👩‍👧) or after a virama (Indic conjuncts).
/// Invalid UTF-8 (see `clean(bytes:)`) becomes U+FFFD.
public enum TextSanitizer {

    /// One line of display text: line breaks become spaces.
    public static func clean(_ text: String) -> String {
        sanitize(text, keepNewlines: false)
    }

    /// Text shown over several lines: line breaks are normalised to `\n` and kept.
    public static func cleanMultiline(_ text: String) -> String {
        sanitize(text, keepNewlines: true)
    }

    /// Decodes bytes as UTF-8 (invalid sequences become U+FFFD), then cleans as one line.
    public static func clean(bytes: [UInt8]) -> String {
        clean(String(decoding: bytes, as: UTF8.self))
    }

    /// Decodes bytes as UTF-8 (invalid sequences become U+FFFD), then cleans keeping `\n`.
    public static func cleanMultiline(bytes: [UInt8]) -> String {
        cleanMultiline(String(decoding: bytes, as: UTF8.self))
    }

    private static func sanitize(_ text: String, keepNewlines: Bool) -> String {
        if DisplayWidth.isSimple(text) { return text }
        let input = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        let lineBreak: Unicode.Scalar = keepNewlines ? "\n" : " "
        // A ZWJ is judged against the next character that is kept, not the next one read:
        // judged against an escape sequence that is then removed, it would survive at the
        // end and a second cleaning would drop it (found by Fuzz/SanitizerFuzz.swift).
        var joinerAfter: Unicode.Scalar??
        func emit(_ next: Unicode.Scalar) {
            if let previous = joinerAfter, keepsJoiner(after: previous, before: next) { output.append("\u{200D}") }
            joinerAfter = nil
            output.append(next)
        }
        var i = 0
        while i < input.count {
            let scalar = input[i]
            let v = scalar.value
            i += 1
            switch v {
            case 0x09:
                emit(" ")
            case 0x0D:
                if i < input.count && input[i] == "\n" { i += 1 }
                emit(lineBreak)
            case 0x0A, 0x2028, 0x2029:
                emit(lineBreak)
            case 0x1B:
                i = skipEscapeSequence(input, from: i)
            case 0x9B:
                i = skipControlSequence(input, from: i)
            case 0x90, 0x98, 0x9D, 0x9E, 0x9F:
                i = skipControlString(input, from: i)
            case 0x00..<0x20, 0x7F..<0xA0:
                break
            case 0x200D:
                if joinerAfter == nil { joinerAfter = .some(output.last) }
            default:
                if !isHidingOrReordering(v) { emit(scalar) }
            }
        }
        return String(output)
    }

    /// Bidi controls and invisible characters that can hide or disguise text.
    private static func isHidingOrReordering(_ v: UInt32) -> Bool {
        switch v {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
            return true
        case 0x200B, 0x2060...0x2064, 0xFEFF, 0x180E, 0x3164, 0xFFA0, 0xFFF9...0xFFFB:
            return true
        case 0xE0000...0xE007F:
            return true
        default:
            return false
        }
    }

    /// ZWJ glues emoji into one picture and forms Indic conjuncts; anywhere else it only
    /// serves to split a word invisibly, e.g. to slip past a keyword filter.
    private static func keepsJoiner(after previous: Unicode.Scalar?, before next: Unicode.Scalar?) -> Bool {
        guard let previous, let next else { return false }
        if previous.properties.canonicalCombiningClass.rawValue == 9 { return true }
        let afterEmoji = isPictographic(previous) || previous.properties.isEmojiModifier
            || previous == "\u{FE0F}"
        return afterEmoji && isPictographic(next)
    }

    private static func isPictographic(_ scalar: Unicode.Scalar) -> Bool {
        // `isEmoji` is also true for ASCII digits, `#` and `*` (keycap bases).
        scalar.value >= 0xA9 && scalar.properties.isEmoji
    }

    /// Skips what follows an ESC; returns the index just past the whole sequence.
    private static func skipEscapeSequence(_ input: [Unicode.Scalar], from start: Int) -> Int {
        guard start < input.count else { return start }
        let v = input[start].value
        switch v {
        case 0x5B:                    // [  CSI
            return skipControlSequence(input, from: start + 1)
        case 0x5D, 0x50, 0x58, 0x5E, 0x5F: // ]  OSC, P DCS, X SOS, ^ PM, _ APC
            return skipControlString(input, from: start + 1)
        case 0x4E, 0x4F:              // N, O  SS2/SS3 select one character from another set
            return min(start + 2, input.count)
        case 0x20...0x2F:             // intermediates, then one final byte: ESC ( B, ESC # 8
            var i = start
            while i < input.count && (0x20...0x2F).contains(input[i].value) { i += 1 }
            if i < input.count && (0x30...0x7E).contains(input[i].value) { i += 1 }
            return i
        case 0x30...0x7E:             // two-character sequences: ESC 7, ESC c, ESC =
            return start + 1
        default:                      // a lone ESC before ordinary text: drop only the ESC
            return start
        }
    }

    /// Skips CSI parameters and intermediates up to and including the final byte. A malformed
    /// sequence ends at the first character that cannot belong to it, which is kept.
    private static func skipControlSequence(_ input: [Unicode.Scalar], from start: Int) -> Int {
        var i = start
        while i < input.count {
            let v = input[i].value
            if (0x40...0x7E).contains(v) { return i + 1 }
            if !(0x20...0x3F).contains(v) { return i }
            i += 1
        }
        return i
    }

    /// Skips an OSC/DCS/SOS/PM/APC body up to its terminator: BEL, ST (`ESC \`) or C1 ST.
    private static func skipControlString(_ input: [Unicode.Scalar], from start: Int) -> Int {
        var i = start
        while i < input.count {
            let v = input[i].value
            if v == 0x07 || v == 0x9C { return i + 1 }
            if v == 0x1B {
                // ESC \ ends the string; any other ESC aborts it and starts a new sequence.
                if i + 1 < input.count && input[i + 1] == "\\" { return i + 2 }
                return i
            }
            i += 1
        }
        return i
    }
}
