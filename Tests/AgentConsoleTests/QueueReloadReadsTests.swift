import Foundation
import SupportAPI
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// A change of view or sort reads the header's counts and the first page; with no filter
/// on, the header's count of the view is the list's total, not a read of its own. With a
/// filter, the header still counts the views unfiltered, so the list's total is read.
@Suite struct QueueReloadReadsTests {
    @Test func viewAndSortTakeTheListsTotalFromTheHeaderUnlessFiltered() throws {
        let (store, client, loop) = try CountingClient.sarisConsole()
        let controller = loop.controller
        controller.update(.setView(.team))
        var seen = 0
        for key in ["s", "v", "s", "v", "v"] {
            _ = client.take()
            controller.handle(.key(.char(Character(key))))
            let sent = client.take()
            let what = "\(key) on \(controller.state.queue.view)/\(controller.state.queue.sort): \(sent)"
            #expect(sent.contains("queueCounts") && sent.contains("queuePage"), "\(what)")
            #expect(!sent.contains("queueCount"), "\(what)")
            let total = try store.queueCount(controller.queueSpec)
            if total > 0 { seen += 1 }
            #expect(controller.state.queue.window.total == total, "\(what)")
            #expect(controller.state.queue.counts[controller.state.queue.view] == total, "\(what)")
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
}
