import Dispatch
import Foundation
import Synchronization
import SupportAPI
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// A client that counts the requests the console sends, by operation. While
/// `holdsOverviews` is set, a side-pane read that has run signals `ran` and waits for
/// `release` before it answers: a read caught between reading and landing.
final class CountingClient: SupportClient, @unchecked Sendable {
    let inner: EmbeddedClient
    private let lock = NSLock()
    private var sent: [String] = []
    private var totals: [String: Int] = [:]
    let holdsOverviews = Mutex(false)
    let ran = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    init(_ inner: EmbeddedClient) { self.inner = inner }
    var endpoint: ClientEndpoint { inner.endpoint }
    var isDemo: Bool { inner.isDemo }
    func now() -> Date { inner.now() }
    func changeFeed() throws -> ChangeFeed { try inner.changeFeed() }
    func send<R: SupportRequest>(_ request: R) throws -> R.Response {
        lock.withLock { sent.append(R.operation); totals[R.operation, default: 0] += 1 }
        let response = try inner.send(request)
        if R.self == AccountOverviewRequest.self, holdsOverviews.withLock({ $0 }) {
            ran.signal()
            release.wait()
        }
        return response
    }
    /// The operations sent since the last call.
    func take() -> [String] { lock.withLock { defer { sent = [] }; return sent } }
    /// How many times `operation` was sent in all.
    func sends(of operation: String) -> Int { lock.withLock { totals[operation, default: 0] } }

    /// A demo store and sari's headless console (120x40) on a counting client.
    static func sarisConsole() throws -> (SupportStore, CountingClient, EventLoop) {
        let store = try SupportStore(path: HeadlessConsole.demoPath(), clock: { HeadlessConsole.now })
        try store.generateDemo(seed: 42)
        let client = CountingClient(EmbeddedClient(store: store, actingAs: "sari"))
        let loop = try EventLoop(client: client, actor: try #require(try store.agent(login: "sari")),
                                 terminal: HeadlessTerminal(width: 120, height: 40), theme: .defaultDark)
        return (store, client, loop)
    }
}

/// Through the service every request is a round trip, so a queue move counts them.
@Suite struct RoundTripTests {
    @Test func aMoveToAnotherCustomerIsOneRequestAndShowsWhatSeparateReadsWould() throws {
        let (store, client, loop) = try CountingClient.sarisConsole()
        let controller = loop.controller
        // Find a move that lands on another customer.
        var moved = false
        for _ in 0..<20 {
            let before = controller.state.transactions.customerId
            _ = client.take()
            controller.handle(.key(.char("j")))
            let sent = client.take()
            guard let now = controller.state.transactions.customerId, now != before else { continue }
            #expect(sent == ["accountOverview"], "one request for the three side panes, got \(sent)")
            let empty = Query(source: "", terms: [])
            #expect(controller.state.transactions.totals == (try store.transactionTotals(customerId: now, query: empty)))
            let first = try store.transactions(customerId: now, query: empty, limit: 150)
            #expect(controller.state.transactions.window.selectedRow?.id == first.first?.id)
            #expect(controller.state.transactions.window.total == first.count || first.count == 150)
            // The primed window pages on past its first page like a read one.
            if first.count == 150 {
                controller.handle(.key(.char("3")))
                controller.handle(.key(.char("G")))
                #expect(controller.state.transactions.window.selected == controller.state.transactions.totals.count - 1)
            }
            moved = true
            break
        }
        #expect(moved, "the demo queue has tickets of different customers in its first rows")
    }
}
