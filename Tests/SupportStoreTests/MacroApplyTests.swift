import Foundation
import SupportCore
import Testing
@testable import SupportStore

/// A macro from the composer: the agent's edited text goes out with the macro's field
/// changes in one transaction, stopped like any reply when someone wrote since.
@Suite struct MacroApplyTests {
    @Test func editedBodyIsSentWithTheChanges() throws {
        let t = try TempStore()
        let c = try t.cast()
        let ticket = try t.newTicket(c.customer)
        try t.store.claim(ticket: ticket.number, by: c.a)
        let after = try t.store.applyMacro(ticket: ticket.number, key: "failed-payment-checklist", locale: .zh,
                                           body: "Halo {customer.name}, sudah kami cek.", by: c.a)
        #expect(after.status == .pending)
        #expect(after.tags.contains("failed-payment"))
        let events = try t.store.timeline(ticketNumber: ticket.number)
        #expect(events.contains { $0.kind == .reply && $0.body == "Halo 王小明, sudah kami cek." })
        #expect(events.contains { $0.kind == .macro && $0.body == "applied macro failed-payment-checklist (zh, edited)" })
    }

    @Test func someoneWritingSinceStopsItAndChangesNothing() throws {
        let t = try TempStore()
        let c = try t.cast()
        let ticket = try t.newTicket(c.customer)
        try t.store.claim(ticket: ticket.number, by: c.a)
        let seen = try #require(t.store.timeline(ticketNumber: ticket.number).last?.id)
        try t.store.note(ticket: ticket.number, body: "called the customer", by: c.b)
        #expect(throws: StoreError.self) {
            try t.store.applyMacro(ticket: ticket.number, key: "failed-payment-checklist", body: "edited",
                                   seenEventId: seen, by: c.a)
        }
        let now = try t.store.ticket(number: ticket.number)
        #expect(now.status == ticket.status || now.status == .open)
        #expect(!now.tags.contains("failed-payment"))
        #expect(!(try t.store.timeline(ticketNumber: ticket.number)).contains { $0.kind == .reply })
    }

    @Test func aGapLeftInTheEditedTextIsRefused() throws {
        let t = try TempStore()
        let c = try t.cast()
        let ticket = try t.newTicket(c.customer)
        #expect(throws: StoreError.self) {
            try t.store.applyMacro(ticket: ticket.number, key: "solved-confirmation", body: "Hi {customer.nickname}", by: c.a)
        }
        #expect(!(try t.store.timeline(ticketNumber: ticket.number)).contains { $0.kind == .reply })
    }
}
