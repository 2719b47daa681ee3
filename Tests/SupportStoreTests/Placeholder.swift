import Testing

@Test func placeholder_SupportStoreTests() { #expect(1 + 1 == 2) }
