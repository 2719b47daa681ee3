import Foundation
import SupportAPI
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// A change of view or sort reads the shown view's count and its first page; the header's
/// counts are left as they were (no ticket changed), and never taken for
/// the list's total, which a page just read could then contradict. Refresh reads them.
@Suite struct QueueReloadReadsTests {
    @Test func viewAndSortCountTheShownViewAloneAndLeaveTheHeader() throws {
        let (store, client, loop) = try CountingClient.sarisConsole()
        let controller = loop.controller
        controller.update(.setView(.team))
        var seen = 0
        for key in ["s", "v", "s", "v", "v"] {
            let header = controller.state.queue.counts
            _ = client.take()
            controller.handle(.key(.char(Character(key))))
            let sent = client.take()
            let what = "\(key) on \(controller.state.queue.view)/\(controller.state.queue.sort): \(sent)"
            #expect(sent.contains("queueCount") && sent.contains("queuePage"), "\(what)")
            #expect(!sent.contains("queueCounts"), "\(what)")
            let total = try store.queueCount(controller.queueSpec)
            if total > 0 { seen += 1 }
            #expect(controller.state.queue.window.total == total, "\(what)")
            #expect(controller.state.queue.counts == header, "\(what): the header's counts stay")
        }
        #expect(seen >= 3, "most of the lists compared hold tickets")
        controller.update(.setView(.team))
        controller.update(.applyFilter(.queue, "prio:p1,p2"))
        _ = client.take()
        controller.handle(.key(.char("s")))
        let sent = client.take()
        #expect(sent.contains("queueCount"), "a filtered list reads its own total: \(sent)")
        #expect(controller.state.queue.window.total == (try store.queueCount(controller.queueSpec)))
        #expect(controller.state.queue.window.total < controller.state.queue.counts[controller.state.queue.view] ?? 0)
    }

    /// Another connection's commit the header has not caught up with: the list still shows
    /// the ticket its page read, and counts it.
    @Test func aTicketTheHeaderHasNotCaughtUpWithIsListedAndCounted() throws {
        let (store, client, loop) = try CountingClient.sarisConsole()
        let controller = loop.controller
        controller.update(.setView(.team))
        let unassignedBefore = try store.queueCount(QueueSpec(view: .unassigned, actor: controller.state.actor))
        #expect(controller.state.queue.counts[.unassigned] == unassignedBefore)
        _ = try store.createTicket(NewTicket(customerId: 1, subject: "Saldo hilang setelah top up", body: "Tolong cek",
                                             category: .payment, channel: .email, priority: .p1), by: nil)
        _ = client.take()
        controller.update(.setView(.unassigned))
        #expect(controller.state.queue.window.total == unassignedBefore + 1)
        #expect(controller.state.queue.window.rows.contains { $0.subject == "Saldo hilang setelah top up" })
        #expect(controller.state.queue.counts[.unassigned] == unassignedBefore, "the header has not caught up: the case under test")
    }
}
