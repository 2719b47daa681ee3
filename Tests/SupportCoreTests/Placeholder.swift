import Testing

@Test func placeholder_SupportCoreTests() { #expect(1 + 1 == 2) }
