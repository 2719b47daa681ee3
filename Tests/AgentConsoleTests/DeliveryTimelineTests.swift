import Foundation
import Testing
import SupportCore
import SupportStore
import TermUI
@testable import AgentConsole

/// A reply's timeline entry carries its delivery state, and a failure says why.
@Suite struct DeliveryTimelineTests {
    @Test func repliesShowWhereTheirMailStands() {
        let at = Date(timeIntervalSince1970: 1_795_575_600)
        let events = [
            TicketEvent(id: 7, ticketId: 1, kind: .reply, author: "budi", body: "Sudah kami cek.", at: at),
            TicketEvent(id: 8, ticketId: 1, kind: .reply, author: "budi", body: "Masih kami cek.", at: at),
            TicketEvent(id: 9, ticketId: 1, kind: .note, author: "budi", body: "internal", at: at),
        ]
        let deliveries: [Int64: DeliveryStatus] = [
            7: DeliveryStatus(outboxId: 1, channel: .email, state: .sent, attempts: 1, at: at, messageId: "paydesk.1.5@wallet.example"),
            8: DeliveryStatus(outboxId: 2, channel: .email, state: .failed, attempts: 6, at: at, lastError: "msmtp exited with status 75: \u{1B}[31mrelay refused"),
        ]
        let lines = TicketPane.timelineLines(events, width: 80, theme: .defaultDark, deliveries: deliveries).map(\.0)
        #expect(lines.contains("  ✉ email sent 10:00 <paydesk.1.5@wallet.example>"))
        let failed = lines.first { $0.contains("failed") }
        #expect(failed?.contains("relay refused") == true)
        #expect(failed?.contains("\u{1B}") == false)          // error text from outside is made inert
        #expect(lines.filter { $0.contains("✉") }.count == 2)
    }
}
