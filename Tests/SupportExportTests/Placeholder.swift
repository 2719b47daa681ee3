import Testing

@Test func placeholder_SupportExportTests() { #expect(1 + 1 == 2) }
