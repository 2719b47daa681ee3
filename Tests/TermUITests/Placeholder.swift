import Testing

@Test func placeholder_TermUITests() { #expect(1 + 1 == 2) }
