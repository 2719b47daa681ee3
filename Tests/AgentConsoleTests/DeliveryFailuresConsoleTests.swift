import Foundation
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// The supervisor's Deliveries box: messages delivery gave up on, with the reason, and a
/// retry that puts one back in the queue (audited).
@Suite struct DeliveryFailuresConsoleTests {
    @Test func aFailedMessageIsListedAndRetriedFromTheBox() throws {
        let c = try HeadlessConsole(width: 120, height: 40)
        let budi = try #require(try c.store.agent(login: "budi"))
        let ops = try #require(try c.store.agent(login: "ops"))
        let ticket = try c.store.createTicket(NewTicket(customerId: 1, subject: "Top-up belum masuk", body: "Sudah 2 jam",
                                                        category: .payment, channel: .email, priority: .p2), by: nil)
        try c.store.reply(ticket: ticket.number, body: "Kami cek dulu ya.", by: budi)
        // The mail system refuses and the window is already over: the message fails at once.
        let refusing = ["/bin/sh", "-c", "cat >/dev/null; echo 'relay refused' >&2; exit 75"]
        let report = try c.store.deliver(DeliveryOptions(sendmail: refusing, from: "support@wallet.example", giveUpAfter: 0), by: ops)
        let failed = try #require(report.failed.first)
        c.openSupervisor()
        for _ in 0..<SupervisorPanel.deliveries.rawValue { c.press(.tab) }
        #expect(c.state.supervisor.panel == .deliveries)
        #expect(c.text.contains("Deliveries: 1 failed"))
        #expect(c.text.contains("relay refused"))
        c.press(.char("a"))
        guard case .dialog(let dialog) = c.state.mode else { Issue.record("expected the retry dialog"); return }
        #expect(dialog.title == "Retry message #\(failed)?")
        c.press(.enter)
        #expect(c.state.status?.text.contains("queued again") == true)
        #expect(c.state.supervisor.failures.isEmpty)
        #expect(try c.store.auditRecords(entity: "outbox", entityId: String(failed)).contains { $0.action == "outbox.retry_failed" && $0.actor == "sari" })
    }
}
