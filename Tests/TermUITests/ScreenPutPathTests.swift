import Testing
@testable import TermUI

/// `Screen.put` writes printable ASCII a byte per column and splits other text into an
/// ASCII head and a cleaned tail. Whatever the text, where it starts and what it lands on,
/// the grid must be what writing its cleaned graphemes one at a time gives (the definition
/// of `put`), so the fast paths cannot leave half a wide character or a stale cell.
@Suite struct ScreenPutPathTests {
    /// xorshift, so a failure names a seed that reproduces it.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }

    /// Pieces that meet at the seams the paths split on: ASCII, a combining mark after an
    /// ASCII letter, wide letters, an emoji sequence, escapes, controls, bidi and joiners.
    static let pieces = ["a", "Zq", " ", "e\u{301}", "\u{301}", "王", "小明", "👨‍👩‍👧", "🇮🇩", "\u{1B}[31m", "\u{1B}]0;x\u{7}",
                         "\t", "\n", "\u{202E}", "\u{200D}", "…", "─━┃", "क्ष", "~", "ü", "é·", "\u{AD}", "\u{2028}"]

    static func text(_ rng: inout Seeded) -> String {
        (0..<Int.random(in: 0...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    /// The definition: each cleaned grapheme written on its own, a space where a wide one
    /// does not fit or straddles the left edge.
    static func reference(_ screen: inout Screen, _ text: String, x: Int, y: Int, style: Style, maxWidth: Int?) -> Int {
        guard y >= 0, y < screen.height, x < screen.width else { return 0 }
        let limit = min(screen.width, maxWidth.map { x + max(0, $0) } ?? screen.width)
        var column = x
        var written = 0
        for character in TextSanitizer.clean(text) {
            let w = DisplayWidth.of(character)
            if w == 0 { continue }
            if column + w > limit {
                if column >= 0 && column < limit { written += screen.put(" ", at: column, y, style: style) }
                break
            }
            if column < 0 {
                if column + w > 0 { written += screen.put(" ", at: 0, y, style: style) }
            } else {
                written += screen.put(String(character), at: column, y, style: style, maxWidth: w)
            }
            column += w
        }
        return written
    }

    @Test(arguments: 1...4 as ClosedRange<UInt64>)
    func putEqualsWritingEachGraphemeAlone(seed: UInt64) {
        var rng = Seeded(state: 0x9E37_79B9_7F4A_7C15 &* seed)
        let red = Style(fg: .red)
        for round in 0..<400 {
            var base = Screen(width: 12, height: 1)
            // What is on screen before: wide letters and ASCII, so spans start and end on halves.
            base.put(Self.text(&rng), at: Int.random(in: -2...6, using: &rng), 0)
            let text = Self.text(&rng)
            // The definition writes a grapheme by putting it alone, which cleans it again: a
            // cluster that ends in a joiner kept for the emoji after it would lose it there.
            guard TextSanitizer.clean(text).allSatisfy({ TextSanitizer.clean(String($0)) == String($0) }) else { continue }
            let x = Int.random(in: -3...11, using: &rng)
            let maxWidth: Int? = Bool.random(using: &rng) ? nil : Int.random(in: 0...12, using: &rng)
            var fast = base, slow = base
            let fastWritten = fast.put(text, at: x, 0, style: red, maxWidth: maxWidth)
            let slowWritten = Self.reference(&slow, text, x: x, y: 0, style: red, maxWidth: maxWidth)
            #expect(fast == slow, "seed \(seed) round \(round): \(text.debugDescription) at \(x) max \(String(describing: maxWidth))")
            #expect(fastWritten == slowWritten, "seed \(seed) round \(round): \(text.debugDescription)")
            if fast != slow { return }
        }
    }

    /// What the fast paths assume of every simple scalar: one column, kept by cleaning,
    /// and a grapheme of its own between two others.
    @Test func simpleScalarsAreOneColumnKeptAndAlone() {
        let simple = (0x20..<0x3000).compactMap(Unicode.Scalar.init).filter { DisplayWidth.isSimple($0.value) }
        #expect(simple.count > 850)
        for scalar in simple {
            let text = String(scalar)
            #expect(DisplayWidth.of(scalar) == 1, "\(scalar.value)")
            #expect(TextSanitizer.clean(text) == text, "\(scalar.value)")
            #expect(("a" + text + "\u{2500}" + text).count == 4, "\(scalar.value)")
        }
        #expect(!DisplayWidth.isSimple(0xAD) && !DisplayWidth.isSimple(0x300) && !DisplayWidth.isSimple(0x200D))
    }

    @Test func anASCIIHeadThenAMarkKeepsTheMarkOnItsLetter() {
        var screen = Screen(width: 8, height: 1)
        #expect(screen.put("abce\u{301}f", at: 0, 0) == 5)
        #expect(screen[3, 0].grapheme == "e\u{301}")
        #expect(screen[4, 0].grapheme == "f")
    }

    @Test func asciiOverHalfAWideLetterBlanksItsOtherHalf() {
        var screen = Screen(width: 6, height: 1)
        screen.put("王小明", at: 0, 0)
        #expect(screen.put("ab", at: 1, 0) == 2)   // over 王's right half and 小's left
        #expect(screen.lines(trimmingTrailingSpaces: false) == [" ab 明"])
        #expect(!screen[3, 0].isContinuation)
    }
}
