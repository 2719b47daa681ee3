import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

private func kind(_ body: () throws -> Void) -> StoreError.Kind? {
    do { try body(); return nil } catch let error as StoreError { return error.kind } catch { return .other }
}

@Suite struct ExportAuditTests {
    @Test func prepareGivesMaskedHeaderCountAndSpan() throws {
        let f = try FixedTransactions()
        let agent = try f.store.addAgent(login: "budi", name: "Budi", role: .agent, by: nil)
        let subject = try f.store.prepareTransactionExport(customerId: f.customer, query: f.query("status:failed"), reason: "statement for the customer", by: agent)
        // The statement is the customer's own document: name and wallet in full, contact masked.
        #expect(subject.name == (try f.store.customer(id: f.customer)).name)
        #expect(subject.walletId == (try f.store.customer(id: f.customer)).walletId)
        #expect(subject.maskedPhone == "+62 812-****-7890")
        #expect(subject.maskedEmail == "w***@example.com")
        #expect(subject.count == 3)
        #expect(subject.first?.epoch == FixedTransactions.epoch((11, 3, 12, 30)))
        #expect(subject.last?.epoch == FixedTransactions.epoch((11, 25, 9, 30)))
        let none = try f.store.prepareTransactionExport(customerId: f.customer, query: f.query("cp:nobody"), reason: "statement for the customer", by: agent)
        #expect(none.count == 0 && none.first == nil && none.last == nil)
    }

    @Test func recordExportWritesOneChainedRecord() throws {
        let f = try FixedTransactions()
        let agent = try f.store.addAgent(login: "budi", name: "Budi", role: .agent, by: nil)
        try f.store.recordExport(customerId: f.customer, query: f.query("status:failed cp:\"bu sri\""), format: "xlsx",
                                 rows: 3, path: "/home/budi/paydesk-exports/x y.xlsx", reason: "statement for the customer", by: agent)
        let records = try f.store.exportRecords(customerId: f.customer)
        let record = try #require(records.first)
        #expect(records.count == 1)
        #expect(record.actor == "budi" && record.action == "transactions.export")
        #expect(record.entity == "customer" && record.entityId == String(f.customer))
        #expect(record.after == #"format=xlsx rows=3 query="status:failed cp:""bu sri""" path="/home/budi/paydesk-exports/x y.xlsx""#)
        #expect(try f.store.verifyAuditChain() == .ok(records: try f.store.auditRecords(limit: 1_000).count))
    }

    @Test func aDisabledAgentIsRefusedAndTheRefusalIsAudited() throws {
        let f = try FixedTransactions()
        let admin = try f.store.addAgent(login: "root", name: "Root", role: .admin, by: nil)
        _ = try f.store.addAgent(login: "dewi", name: "Dewi", role: .agent, by: admin)
        try f.store.setAgentActive(login: "dewi", active: false, by: admin)
        let dewi = try #require(try f.store.agent(login: "dewi"))
        #expect(kind { _ = try f.store.prepareTransactionExport(customerId: f.customer, query: f.query(""), reason: "statement for the customer", by: dewi) } == .forbidden)
        #expect(kind { try f.store.recordExport(customerId: f.customer, query: f.query(""), format: "csv", rows: 1, path: "/tmp/x.csv", reason: "statement for the customer", by: dewi) } == .forbidden)
        let refusals = try f.store.auditRecords(entity: "customer", entityId: String(f.customer))
            .filter { $0.action == "refused:transactions.export" }
        #expect(refusals.count == 2)
        #expect(try f.store.exportRecords(customerId: f.customer).isEmpty)
    }

    @Test func anUnknownCustomerIsNotFound() throws {
        let f = try FixedTransactions()
        let agent = try f.store.addAgent(login: "budi", name: "Budi", role: .agent, by: nil)
        #expect(kind { _ = try f.store.prepareTransactionExport(customerId: 999, query: f.query(""), reason: "statement for the customer", by: agent) } == .notFound)
        #expect(kind { try f.store.recordExport(customerId: 999, query: f.query(""), format: "csv", rows: 0, path: "/tmp/x", reason: "statement for the customer", by: agent) } == .notFound)
    }
}

@Suite struct TransactionLinkTests {
    @Test func attachingAddsATimelineEventAndALink() throws {
        let f = try FixedTransactions()
        let agent = try f.store.addAgent(login: "budi", name: "Budi", role: .agent, by: nil)
        let ticket = try f.temp.newTicket(f.customer)
        let after = try f.store.attachTransaction(reference: "TXC010", ticket: ticket.number, by: agent)
        #expect(after.version == ticket.version + 1)
        let event = try #require(try f.store.timeline(ticketNumber: ticket.number).last)
        #expect(event.kind == .transactionAttached && event.author == "budi")
        #expect(event.body.contains("TXC010") && event.body.contains("-Rp100.000") && event.body.contains("failed (NETWORK_TIMEOUT)"))
        let linked = try f.store.ticketsLinked(toTransaction: "TXC010")
        #expect(linked.map(\.number) == [ticket.number])
        #expect(linked.first?.attachedBy == "budi" && linked.first?.subject == ticket.subject)
        #expect(try f.store.ticketsLinked(toTransaction: "TXA001").isEmpty)
        // Reference lookup ignores case, as everywhere else.
        let second = try f.temp.newTicket(f.customer, subject: "Still failing")
        try f.store.attachTransaction(reference: "txc010", ticket: second.number, by: agent)
        #expect(Set(try f.store.ticketsLinked(toTransaction: "TXC010").map(\.number)) == [ticket.number, second.number])
        #expect(try f.store.auditRecords(entity: "ticket", entityId: String(ticket.number))
            .contains { $0.action == "ticket.attach_transaction" && $0.after == "transaction=TXC010" })
    }

    @Test func attachingTwiceAnotherCustomersOrAnUnknownTransactionIsRefused() throws {
        let f = try FixedTransactions()
        let agent = try f.store.addAgent(login: "budi", name: "Budi", role: .agent, by: nil)
        let ticket = try f.temp.newTicket(f.customer)
        try f.store.attachTransaction(reference: "TXA001", ticket: ticket.number, by: agent)
        let events = try f.store.timeline(ticketNumber: ticket.number).count
        #expect(kind { try f.store.attachTransaction(reference: "TXA001", ticket: ticket.number, by: agent) } == .conflict)
        #expect(kind { try f.store.attachTransaction(reference: "TXA999", ticket: ticket.number, by: agent) } == .invalid)
        #expect(kind { try f.store.attachTransaction(reference: "TX-NOPE", ticket: ticket.number, by: agent) } == .notFound)
        #expect(kind { try f.store.attachTransaction(reference: "TXA001", ticket: 999_999, by: agent) } == .notFound)
        #expect(try f.store.timeline(ticketNumber: ticket.number).count == events, "refusals add nothing")
    }
}

/// A statement made for the customer's ticket is on that ticket's timeline; never on
/// another customer's.
@Suite struct ExportOnTicketTests {
    @Test func theStatementIsNotedOnItsCustomersTicketOnly() throws {
        let f = try FixedTransactions()
        let agent = try f.store.addAgent(login: "budi", name: "Budi", role: .agent, by: nil)
        let own = try f.store.createTicket(NewTicket(customerId: f.customer, subject: "Minta rekening koran", body: "Tolong kirim",
                                                     category: .payment, subcategory: "transaction_query", channel: .email), by: agent)
        let others = try f.store.createTicket(NewTicket(customerId: f.other, subject: "Lain", body: "x",
                                                        category: .payment, subcategory: "transaction_query", channel: .email), by: agent)
        try f.store.recordExport(customerId: f.customer, query: f.query(""), format: "xlsx", rows: 12,
                                 path: "/home/budi/paydesk-exports/WLT-1-nov.xlsx", reason: "customer asked", ticket: own.number, by: agent)
        let note = try #require(try f.store.timeline(ticketNumber: own.number).last)
        #expect(note.kind == .note && note.body == "Statement exported: 12 transactions, XLSX, WLT-1-nov.xlsx")
        #expect(try f.store.ticket(number: own.number).version == own.version + 1, "consoles with it open re-read it")
        let before = try f.store.timeline(ticketNumber: others.number).count
        #expect(throws: StoreError.self) {
            try f.store.recordExport(customerId: f.customer, query: f.query(""), format: "pdf", rows: 1, path: "/tmp/x.pdf",
                                     reason: "customer asked", ticket: others.number, by: agent)
        }
        #expect(try f.store.timeline(ticketNumber: others.number).count == before)
    }
}
