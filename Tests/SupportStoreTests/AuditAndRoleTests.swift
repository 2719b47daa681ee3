import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

@Suite struct AuditAndRoleTests {
    @Test func everyChangeIsAuditedAndTheChainVerifies() throws {
        let t = try TempStore()
        let c = try t.cast()
        let n = try t.newTicket(c.customer).number
        try t.store.claim(ticket: n, by: c.a)
        try t.store.note(ticket: n, body: "x", by: c.a)
        let actions = try t.store.auditRecords(limit: 100).map(\.action)
        for action in ["agent.add", "ticket.create", "ticket.claim", "ticket.note"] {
            #expect(actions.contains(action))
        }
        guard case .ok(let count) = try t.store.verifyAuditChain() else { Issue.record("chain broken"); return }
        #expect(count == actions.count)
    }

    @Test func tamperingWithARowIsFoundAtThatRow() throws {
        let t = try TempStore()
        let c = try t.cast()
        _ = try t.newTicket(c.customer)
        let target = try t.store.auditRecords(limit: 100).first { $0.action == "agent.add" && $0.entityId == "budi" }!
        // Edit the row behind the store's back, on a connection of its own, as an intruder
        // with file access would. (The end-to-end test does the same with the sqlite3 tool.)
        let intruder = try DatabaseQueue(path: t.path)
        try intruder.write { db in
            try db.execute(sql: "UPDATE audit_log SET after = 'role=admin' WHERE id = ?", arguments: [target.id])
        }
        let fresh = try SupportStore(path: t.path, create: false)
        #expect(try fresh.verifyAuditChain() == .broken(recordId: target.id, problem: "its signature does not match the audit key: it was changed, forged or re-hashed after it was written"))
    }

    @Test func deletingARowBreaksTheLink() throws {
        let t = try TempStore()
        let c = try t.cast()
        _ = try t.newTicket(c.customer)
        try t.store.pool.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE id = 2") }
        #expect(try t.store.verifyAuditChain() == .broken(recordId: 3, problem: "the record before it (2) is missing"))
    }

    @Test func onlyAdminsManageAgents() throws {
        let t = try TempStore()
        let c = try t.cast()
        #expect { try t.store.addAgent(login: "eve", name: "Eve", role: .admin, by: c.sup) } throws: { ($0 as? StoreError)?.kind == .forbidden }
        #expect { try t.store.setAgentActive(login: "budi", active: false, by: c.a) } throws: { ($0 as? StoreError)?.kind == .forbidden }
        try t.store.setAgentActive(login: "budi", active: false, by: c.admin)
        #expect(try t.store.agent(login: "budi")?.active == false)
        #expect { try t.store.addAgent(login: "Bad Login", name: "x", role: .agent, by: c.admin) } throws: { ($0 as? StoreError)?.kind == .invalid }
    }

    @Test func asIsRefusedOutsideDemoDatabases() throws {
        let t = try TempStore()
        _ = try t.cast()
        #expect { try t.store.resolveActor(asLogin: "budi") } throws: { ($0 as? StoreError)?.kind == .forbidden }
        let demo = try TempStore(demo: true)
        #expect(try demo.store.resolveActor(asLogin: "budi").login == "budi")
        #expect { try demo.store.resolveActor(asLogin: "nobody") } throws: { ($0 as? StoreError)?.kind == .forbidden }
    }
}
