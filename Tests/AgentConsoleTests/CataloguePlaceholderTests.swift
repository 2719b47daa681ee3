import Testing
@testable import AgentConsole

/// `Catalogue.text` fills `{1}`, `{2}`… byte for byte, in order, as it did through Foundation.
@Suite struct CataloguePlaceholderTests {
    @Test func everyPlaceholderIsFilledAndOthersAreLeft() {
        #expect(Catalogue.replacing("{1}", with: "#42", in: "Ticket {1} for {2}, again {1}") == "Ticket #42 for {2}, again #42")
        #expect(Catalogue.replacing("{1}", with: "x", in: "no placeholder") == "no placeholder")
        #expect(Catalogue.replacing("{1}", with: "工单", in: "{1}：{1}") == "工单：工单")
        #expect(Catalogue.replacing("{1}", with: "", in: "{1}") == "")
        #expect(Catalogue.replacing("{1}", with: "a", in: "{1") == "{1")
    }

    @Test func argumentsAreFilledInOrder() {
        let text = Catalogue.text(.tooSmall, .en, ["80x24", "60x20"])
        #expect(text.contains("80x24") && text.contains("60x20") && !text.contains("{"))
    }
}
