import Foundation
import SupportCore
@testable import SupportStore
import Testing
import TermUI
@testable import AgentConsole

@Suite struct SecurityConsoleTests {
    /// Selects the first ticket whose customer is active.
    func selectActiveCustomer(_ c: HeadlessConsole) throws -> Customer {
        for _ in 0..<60 {
            if let customer = c.state.account.customer, customer.status == .active { return customer }
            c.press(.char("j"))
        }
        throw StoreError(.notFound, "no active customer in the first rows")
    }

    @Test func paneListsTheStoresActionsAndFreezeStatesItsEffect() throws {
        let c = try HeadlessConsole(login: "budi")
        c.controller.update(.setView(.unassigned))
        let customer = try selectActiveCustomer(c)
        let kinds = c.state.security.actions.map(\.kind)
        #expect(kinds.first == .freeze)
        #expect(!kinds.contains(.unfreeze))
        #expect(c.text.contains("Freeze account"))
        c.press(.char("4"), .enter)
        guard case .dialog(let dialog) = c.state.mode else { Issue.record("no dialog"); return }
        #expect(dialog.lines.joined().contains("no payments, transfers or logins"))
        #expect(dialog.danger)
        c.type("customer reports a stolen phone")
        c.press(.enter)
        #expect(try c.store.customer(id: customer.id).status == .frozen)
        #expect(c.state.status?.text == "Account frozen.")
        // Now the pane offers an unfreeze request instead, and the history shows the freeze.
        #expect(c.state.security.actions.contains { $0.kind == .unfreeze })
        #expect(c.state.security.history.first?.kind == .freeze)
        #expect(c.text.contains("History"))
    }

    @Test func supervisorCannotApproveOwnRequestFromThePalette() throws {
        let c = try HeadlessConsole(login: "sari")
        let frozen = try #require(try c.store.pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM customers WHERE status = 'frozen' LIMIT 1")
        })
        let request = try c.store.requestUnfreeze(customerId: frozen, reason: "verified owner", by: c.state.actor)
        c.press(.char(":"))
        c.type("approve \(request.id) looks fine")
        c.press(.enter)
        #expect(c.state.status?.kind == .error)
        #expect(try c.store.customer(id: frozen).status == .frozen)
        // Another supervisor-level person may.
        let admin = try #require(try c.store.agent(login: "ops"))
        _ = try c.store.approve(requestId: request.id, reason: "checked", by: admin)
        #expect(try c.store.customer(id: frozen).status == .active)
    }
}
