import Foundation
import SupportCore
import SupportStore

/// The seam the console and the command line depend on. Two implementations: the
/// embedded client runs requests in this process against a database file; the remote
/// client sends them to `paydesk serve`. A PostgreSQL store would be a third place a
/// request's `handle` runs, behind the same service, not a change to any client.
public protocol SupportClient: AnyObject, Sendable {
    func send<R: SupportRequest>(_ request: R) throws -> R.Response
    /// Where requests go, for the status bar and error messages.
    var endpoint: ClientEndpoint { get }
    /// A feed of other people's changes; polled by the console's loop.
    func changeFeed() throws -> ChangeFeed
    /// True when this client runs on a demo database (the demo allows `--as`).
    var isDemo: Bool { get }
    /// "Now" for display: the store's clock in embedded mode (tests pin it), else this host's.
    func now() -> Date
    /// Whether two reads sent at once from two threads are answered at once, so that
    /// sending them together costs the longer of the two rather than their sum: true for
    /// the service (a connection each); in process they would take turns on the CPU.
    var overlapsReads: Bool { get }
    /// The tokens of this client's writes answered since the last call, which the service
    /// tells back in the changes they commit (`ChangeSet.echoOf`); none in process, where
    /// no change carries them.
    func takeAnsweredWrites() -> [String]
}

extension SupportClient {
    public var overlapsReads: Bool { false }
    public func takeAnsweredWrites() -> [String] { [] }
}

public enum ClientEndpoint: Sendable, Equatable {
    case embedded(database: String)
    case service(socket: String)

    public var description: String {
        switch self {
        case .embedded(let path): "embedded (\(path))"
        case .service(let socket): "service (\(socket))"
        }
    }
}

/// Changes made by others, drained by the console once per loop turn.
public protocol ChangeFeed: AnyObject {
    /// What changed since the last call, or nil when nothing did.
    func poll() -> ChangeSet?
    /// The same, skipping any rate limit the feed keeps (benchmarks time one refresh).
    func pollNow() -> ChangeSet?
    /// nil while connected; otherwise a sentence for the status bar.
    var connectionProblem: String? { get }
    func close()
    /// Calls `wake` (on any thread) when a change arrives or the connection's state moves,
    /// so a console asleep on its terminal wakes at once; a feed that is only polled never calls it.
    func onArrival(_ wake: @escaping @Sendable () -> Void)
}

extension ChangeFeed {
    public func pollNow() -> ChangeSet? { poll() }
    public func onArrival(_ wake: @escaping @Sendable () -> Void) {}
}

extension SupportClient {
    /// Who this client acts as, as the running side sees it.
    public func whoAmI() throws -> Agent { try send(WhoAmIRequest()) }
}

public struct WhoAmIRequest: SupportRequest {
    public typealias Response = Agent
    public static let operation = "whoAmI"
    public static let effect = RequestEffect.read
    public init() {}
    public func handle(_ context: RequestContext) throws -> Agent { context.actor }
}

/// Whether the service runs on a demo database (it then honours `--as`).
public struct IsDemoRequest: SupportRequest {
    public typealias Response = Bool
    public static let operation = "isDemo"
    public static let effect = RequestEffect.read
    public init() {}
    public func handle(_ context: RequestContext) throws -> Bool { context.engine.isDemo }
}

extension SupportClient {
    /// Streams every matching transaction, newest first, a page at a time: for exports,
    /// which must not hold a whole history in memory in either mode.
    public func forEachTransaction(customerId: Int64, query: Query, pageSize: Int = 1_000,
                                   _ body: (Transaction) throws -> Bool) throws {
        var after: Transaction?
        while true {
            let page = try transactions(customerId: customerId, query: query, after: after, limit: pageSize)
            for tx in page where try !body(tx) { return }
            guard page.count == pageSize, let last = page.last else { return }
            after = last
        }
    }
}
