import Testing
@testable import TermUI

/// Inputs the sanitiser fuzzer (Fuzz/SanitizerFuzz.swift) found, kept so they stay fixed.
/// The property: cleaning is idempotent and lets no control or bidi character through.
@Suite struct RegressionFuzzSanitizerTests {
    static let finds: [[UInt8]] = [
        // A ZWJ after a virama, then an ESC that is removed: the ZWJ survived at the end,
        // and cleaning the result again dropped it.
        [0xE0, 0xA5, 0x8D, 0xE2, 0x80, 0x8D, 0x1B],
        // The fuzzer's original, longer form of the same find.
        Array("q\u{1B}\\\u{1B}_apc\u{1B}\\\u{1B}^pm\u{1B}\\\u{1B}X sos\u{1B}\\\u{1B}N\u{1B}Oa\u{1B}(B\u{1B}#8 क्\u{200D}\u{1B}@\u{1B}".utf8),
    ]

    @Test(arguments: finds) func cleaningIsIdempotent(_ bytes: [UInt8]) {
        let line = TextSanitizer.clean(bytes: bytes)
        let lines = TextSanitizer.cleanMultiline(bytes: bytes)
        #expect(TextSanitizer.clean(line) == line)
        #expect(TextSanitizer.cleanMultiline(lines) == lines)
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    @Test func aJoinerIsJudgedByTheNextCharacterKept() {
        // Kept: a conjunct whose halves were split by an escape sequence.
        #expect(TextSanitizer.clean("क्\u{200D}\u{1B}[31mष") == "क्\u{200D}ष")
        // Dropped: nothing follows once the escape sequence is gone.
        #expect(TextSanitizer.clean("क्\u{200D}\u{1B}[31m") == "क्")
        // Emoji joined across a removed invisible character stay one picture.
        #expect(TextSanitizer.clean("👨\u{200D}\u{200B}👩") == "👨\u{200D}👩")
    }
}
