import Testing
import TermUI

/// `ESCDELAY` sets how long a lone ESC waits; only a whole number of milliseconds from 0 to
/// 1000 is taken, anything else keeps the default and is named on the status line.
@Suite struct EscapeDelayTests {
    @Test func unsetKeepsTheDefault() {
        #expect(EscapeDelay.fromEnvironment(nil) == EscapeDelay(milliseconds: 25, refused: nil))
    }

    @Test(arguments: [("0", 0), ("10", 10), (" 100 ", 100), ("1000", 1000), ("007", 7)])
    func aDelayIsTaken(value: String, milliseconds: Int) {
        #expect(EscapeDelay.fromEnvironment(value) == EscapeDelay(milliseconds: milliseconds, refused: nil))
    }

    @Test(arguments: ["", "abc", "-5", "1001", "99999999999999999999", "2.5", "١٠", "10ms", "\u{1B}[31m5"])
    func anythingElseIsRefusedAndTheDefaultKept(value: String) {
        #expect(EscapeDelay.fromEnvironment(value) == EscapeDelay(milliseconds: 25, refused: value))
    }
}
