import Foundation
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// Complaints worked from the console: recorded with `:complaint-open` (offered on complaint
/// tickets without a record), and an escalation in the supervisors' Attention box at once.
@Suite struct ComplaintConsoleTests {
    /// A complaint ticket (not a suggestion) with no complaint record, and a working agent.
    static func unrecordedComplaint(_ store: SupportStore) throws -> TicketSummary? {
        let sari = try #require(try store.agent(login: "sari"))
        let rows = try store.queuePage(QueueSpec(view: .all, actor: sari), limit: 500)
        for row in rows where row.category == .complaint && row.status.isActive {
            if try store.ticket(number: row.number).subcategory != "suggestion", try store.complaint(ticket: row.number) == nil {
                return row
            }
        }
        return nil
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func complaintOpenRecordsStatementAndExpectation(size: (Int, Int)) throws {
        let c = try HeadlessConsole(width: size.0, height: size.1, login: "sari")
        let row = try #require(try Self.unrecordedComplaint(c.store), "the demo needs a complaint ticket without a record")
        c.controller.update(.openNumber(row.number))
        #expect(c.state.status?.text.contains(":complaint-open") == true, "the console offers it on a complaint ticket")
        c.press(.char(":"))
        c.type("complaint-open")
        c.press(.enter)
        #expect(c.text.contains("Record a complaint on \(TicketNumber.format(row.number)) (1 of 2)"))
        c.type("Cashback promo 11.11 tidak masuk")
        c.press(.enter)
        #expect(c.text.contains("(2 of 2)"))
        c.type("Cashback dikreditkan")
        c.press(.enter)
        let record = try #require(try c.store.complaint(ticket: row.number))
        #expect(record.statement == "Cashback promo 11.11 tidak masuk")
        #expect(record.expectedOutcome == "Cashback dikreditkan")
        #expect(c.state.status?.text.hasPrefix("Complaint recorded on \(TicketNumber.format(row.number))") == true)
        if size.0 >= 200 {
            // The record is beside the timeline, its deadline with the year.
            #expect(c.text.contains("Due      " + TimeText.day(record.dueAt)))
        }
    }

    @Test func anEscalationToTheSupervisorIsInTheAttentionBoxAtOnce() throws {
        let c = try HeadlessConsole(width: 200, height: 60, login: "sari")
        let row = try #require(try Self.unrecordedComplaint(c.store))
        let sari = c.state.actor
        // Far from its deadline: only the escalation can bring it to the box.
        try c.store.openComplaint(ticket: row.number, statement: "Double charge", expectedOutcome: "Refund", by: sari)
        c.openSupervisor()
        let nearDeadline = try c.store.complaintsNearDeadline(within: 2).contains { $0.ticketNumber == row.number }
        let before = c.state.supervisor.data?.attention.contains { $0.number == row.number } ?? false
        #expect(before == nearDeadline, "a complaint at the agent's level is in the box only near its deadline")
        c.press(.escape)
        c.controller.update(.openNumber(row.number))
        c.press(.char(":"))
        c.type("complaint-escalate supervisor customer insists on a refund today")
        c.press(.enter)
        c.press(.escape)
        c.openSupervisor()
        let item = try #require(c.state.supervisor.data?.attention.first { $0.number == row.number })
        #expect(item.complaintLevel == .supervisor)
        // On screen: its row says why (a complaint raised), and the title counts it as raised.
        #expect(c.lines.contains { $0.contains("CMP↑") && $0.contains(String(row.number)) })
        #expect(c.lines.contains { $0.contains("complaint") && $0.contains("raised") })
    }
}
