import Foundation
import Testing
@testable import SupportCore

@Suite struct TicketLifecycleTests {
    @Test func tableMatchesTheBrief() {
        #expect(TicketLifecycle.allowed(from: .new) == [.open, .pending, .onHold, .solved])
        #expect(TicketLifecycle.allowed(from: .open) == [.pending, .onHold, .solved])
        #expect(TicketLifecycle.allowed(from: .pending) == [.open, .onHold, .solved])
        #expect(TicketLifecycle.allowed(from: .onHold) == [.open, .pending, .solved])
        #expect(TicketLifecycle.allowed(from: .solved) == [.open, .closed])
        #expect(TicketLifecycle.allowed(from: .closed).isEmpty)
    }

    @Test func nothingMovesBackToNew() {
        for status in TicketStatus.allCases {
            #expect(!TicketLifecycle.canMove(from: status, to: .new))
        }
    }

    @Test func noStatusMovesToItself() {
        for status in TicketStatus.allCases {
            #expect(!TicketLifecycle.canMove(from: status, to: status))
        }
    }

    @Test func checkAcceptsAllowedMoves() throws {
        try TicketLifecycle.check(from: .open, to: .solved)
        try TicketLifecycle.check(from: .solved, to: .closed)
        try TicketLifecycle.check(from: .pending, to: .open)
    }

    @Test func checkRefusesWithOneSentenceNamingTheTargets() {
        #expect(throws: TransitionError.self) { try TicketLifecycle.check(from: .solved, to: .pending) }
        do {
            try TicketLifecycle.check(from: .solved, to: .pending)
        } catch {
            #expect(error.description == "cannot move a ticket from solved to pending; allowed: open, closed")
            #expect(error.allowed == [.open, .closed])
        }
    }

    @Test func closedIsFinalAndSaysSo() {
        do {
            try TicketLifecycle.check(from: .closed, to: .open)
            Issue.record("closed ticket reopened")
        } catch {
            #expect(error.description.hasPrefix("cannot move a ticket from closed to open; "))
            #expect(error.description.contains("new ticket"))
        }
    }

    @Test func onHoldUsesItsStoredSpellingInMessages() {
        do {
            try TicketLifecycle.check(from: .onHold, to: .closed)
        } catch {
            #expect(error.description == "cannot move a ticket from on_hold to closed; allowed: open, pending, solved")
        }
    }

    @Test func customerMessageReopens() {
        #expect(TicketLifecycle.statusAfterCustomerMessage(.solved) == .open)
        #expect(TicketLifecycle.statusAfterCustomerMessage(.pending) == .open)
        #expect(TicketLifecycle.statusAfterCustomerMessage(.onHold) == .open)
        #expect(TicketLifecycle.statusAfterCustomerMessage(.open) == .open)
        #expect(TicketLifecycle.statusAfterCustomerMessage(.new) == .new)
        #expect(TicketLifecycle.statusAfterCustomerMessage(.closed) == .closed)
    }

    @Test func everyReopenIsItselfAnAllowedTransition() {
        for status in TicketStatus.allCases {
            let next = TicketLifecycle.statusAfterCustomerMessage(status)
            if next != status { #expect(TicketLifecycle.canMove(from: status, to: next)) }
        }
    }

    @Test func onlyClosedTicketsSpawnNewOnes() {
        #expect(TicketLifecycle.customerMessageStartsNewTicket(.closed))
        for status in TicketStatus.allCases where status != .closed {
            #expect(!TicketLifecycle.customerMessageStartsNewTicket(status))
        }
    }

    @Test func autoCloseAfterWholeDays() {
        let solved = Date(timeIntervalSince1970: 1_790_000_000)
        let day: TimeInterval = 86_400
        #expect(!TicketLifecycle.shouldAutoClose(solvedAt: solved, now: solved.addingTimeInterval(4 * day - 1), afterDays: 4))
        #expect(TicketLifecycle.shouldAutoClose(solvedAt: solved, now: solved.addingTimeInterval(4 * day), afterDays: 4))
        #expect(TicketLifecycle.shouldAutoClose(solvedAt: solved, now: solved.addingTimeInterval(2 * day), afterDays: 2))
        #expect(!TicketLifecycle.shouldAutoClose(solvedAt: solved, now: solved.addingTimeInterval(3 * day)))
    }
}
