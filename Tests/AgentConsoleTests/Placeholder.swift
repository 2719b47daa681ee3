import Testing

@Test func placeholder_AgentConsoleTests() { #expect(1 + 1 == 2) }
