import Testing
@testable import TermUI

@Suite struct DialogTests {
    @Test func drawsCentredWithWrappedMessageAndButtons() {
        let dialog = Dialog(title: "Claim", message: "Claim ticket #1041 from the unassigned queue?", buttons: ["Claim", "Cancel"], preferredWidth: 30)
        var screen = Screen(width: 34, height: 9)
        dialog.draw(into: &screen, in: screen.bounds)
        #expect(screen.lines() == [
            "",
            "  ╔ Claim ═════════════════════╗",
            "  ║                            ║",
            "  ║ Claim ticket #1041 from    ║",
            "  ║ the unassigned queue?      ║",
            "  ║                            ║",
            "  ║      [ Claim ]  [ Cancel ] ║",
            "  ╚════════════════════════════╝",
            "",
        ])
        #expect(screen[9, 6].style.reverse)       // first button focused by default
        #expect(!screen[20, 6].style.reverse)
    }

    @Test func dangerDialogWithReasonField() {
        var dialog = Dialog(
            title: "Freeze account", message: "Freeze wallet 0812?", buttons: ["Freeze", "Cancel"],
            field: TextField(placeholder: "reason"), isDanger: true, preferredWidth: 28)
        #expect(dialog.focus == .field)
        for character in "stolen phone" { _ = dialog.handle(.char(character)) }
        var screen = Screen(width: 30, height: 9)
        dialog.draw(into: &screen, in: screen.bounds)
        #expect(screen.lines() == [
            " ┏ Freeze account ━━━━━━━━━━┓",
            " ┃                          ┃",
            " ┃ Freeze wallet 0812?      ┃",
            " ┃                          ┃",
            " ┃ stolen phone             ┃",
            " ┃                          ┃",
            " ┃   [ Freeze ]  [ Cancel ] ┃",
            " ┗━━━━━━━━━━━━━━━━━━━━━━━━━━┛",
            "",
        ])
        #expect(screen.cursor == Point(x: 15, y: 4))
        #expect(dialog.field?.text == "stolen phone")
    }

    @Test func dangerDialogNeedsAReasonBeforeConfirming() {
        var dialog = Dialog(title: "Freeze", message: "m", buttons: ["Freeze", "Cancel"], field: TextField(), isDanger: true)
        #expect(dialog.handle(.enter) == nil)                // blank reason: a stray Enter does nothing
        _ = dialog.handle(.char(" "))
        #expect(dialog.handle(.enter) == nil)
        dialog.focus = .button(0)
        #expect(dialog.handle(.enter) == nil)
        dialog.focus = .button(1)
        #expect(dialog.handle(.enter) == .button(1))         // Cancel always works
        dialog.focus = .field
        for character in "stolen" { _ = dialog.handle(.char(character)) }
        #expect(dialog.handle(.enter) == .button(0))
    }

    @Test func dangerDialogWithoutFieldStartsOnCancel() {
        let dialog = Dialog(title: "Close account", message: "Really?", buttons: ["Close", "Cancel"], isDanger: true)
        #expect(dialog.focus == .button(1))
    }

    @Test func keysMoveFocusAndReportOutcomes() {
        var dialog = Dialog(title: "T", message: "m", buttons: ["OK", "Cancel"], field: TextField())
        #expect(dialog.handle(.tab) == nil && dialog.focus == .button(0))
        #expect(dialog.handle(.right) == nil && dialog.focus == .button(1))
        #expect(dialog.handle(.right) == nil && dialog.focus == .button(1))
        #expect(dialog.handle(.tab) == nil && dialog.focus == .field)
        #expect(dialog.handle(.backTab) == nil && dialog.focus == .button(1))
        #expect(dialog.handle(.enter) == .button(1))
        dialog.focus = .field
        #expect(dialog.handle(.char("q")) == nil)           // typed into the field, not a command
        #expect(dialog.field?.text == "q")
        #expect(dialog.handle(.enter) == .button(0))        // Enter in the field: default button
        #expect(dialog.handle(.escape) == .cancelled)
        dialog.paste("line1\nline2")
        #expect(dialog.field?.text == "qline1 line2")
    }

    @Test func buttonsCanBeClicked() {
        let dialog = Dialog(title: "T", message: "m", buttons: ["Yes", "No"], preferredWidth: 30)
        let bounds = Rect(x: 0, y: 0, width: 40, height: 10)
        let parts = dialog.layout(in: bounds)
        let no = parts.buttonRects[1]
        #expect(dialog.buttonIndex(at: Point(x: no.x + 1, y: no.y), in: bounds) == 1)
        #expect(dialog.buttonIndex(at: Point(x: 0, y: 0), in: bounds) == nil)
    }

    @Test func longMessagesAreCutToTheScreen() {
        let dialog = Dialog(title: "T", message: String(repeating: "word ", count: 200), buttons: ["OK"], preferredWidth: 30)
        var screen = Screen(width: 30, height: 10)
        dialog.draw(into: &screen, in: screen.bounds)
        let parts = dialog.layout(in: screen.bounds)
        #expect(parts.frame.height == 10)
        #expect(parts.messageLines.last?.hasSuffix("…") == true)
        #expect(screen.lines()[9].hasPrefix("╚"))
    }
}
