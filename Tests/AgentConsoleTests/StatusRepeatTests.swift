import Testing
import TermUI
@testable import AgentConsole

/// A key that gets the same answer twice still shows that it was taken.
@Suite struct StatusRepeatTests {
    @Test func theSameMessageAgainCountsUp() throws {
        let c = try HeadlessConsole()
        c.press(.ctrl("r"))
        #expect(c.text.contains("Reloaded."))
        #expect(c.text.contains("×") == false)
        c.press(.ctrl("r"))
        #expect(c.text.contains("Reloaded. ×2"))
        c.press(.ctrl("r"))
        #expect(c.text.contains("Reloaded. ×3"))
        // Another message starts the count again.
        c.press(.char("s"))
        #expect(c.text.contains("Sorted by") && !c.text.contains("×"))
        c.press(.ctrl("r"))
        #expect(c.text.contains("Reloaded.") && !c.text.contains("×"))
    }

    @Test func followingComparesTextAndKind() {
        let a = StatusMessage(text: "No.", kind: .error)
        #expect(a.following(a).repeats == 2 && a.following(a).shown == "No. ×2")
        #expect(StatusMessage(text: "No.", kind: .success).following(a).repeats == 1)
        #expect(StatusMessage(text: "Yes.", kind: .error).following(a).repeats == 1)
        #expect(a.following(nil).shown == "No.")
    }
}
