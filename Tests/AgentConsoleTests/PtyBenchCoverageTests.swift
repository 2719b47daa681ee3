import Testing
@testable import AgentConsole
@testable import ConsoleBench

/// The pty bench times every key of the key table: a new binding without a bench row (or
/// a stated reason to leave it out) fails here, as does a row naming a key that is gone.
@Suite struct PtyBenchCoverageTests {
    @Test func everyKeyOfTheTableHasABenchRow() {
        #expect(PtyKeyScenario.uncoveredKeys == [], "keys with no row in PtyKeyScenario: \(PtyKeyScenario.uncoveredKeys)")
        #expect(PtyKeyScenario.staleKeys == [], "rows naming keys the table does not have: \(PtyKeyScenario.staleKeys)")
    }

    @Test func theCheckNoticesAKeyWithoutARow() {
        // The coverage is computed from the table, not written down twice: every binding
        // contributes its names, so a missing row could not hide.
        let names = KeyMap.benchNames
        #expect(names.contains("Queue:c") && names.contains("Lists:↓") && names.contains("Supervisor:Esc"))
        #expect(Set(names).count >= KeyMap.bindings.count)
    }

    @Test func rowsHaveDistinctNamesAndRestoreTheMainScreen() {
        let names = PtyKeyScenario.all.map(\.name)
        #expect(Set(names).count == names.count)
        for s in PtyKeyScenario.all where s.setup.contains("S") {
            #expect(s.teardown.first == "S", "\(s.name) leaves the supervisor screen")
        }
        for s in PtyKeyScenario.all where s.setup.contains(where: { $0.hasPrefix(":open") }) {
            #expect(s.teardown.last == PtyKeys.escape, "\(s.name) closes the ticket it opened")
        }
    }
}
