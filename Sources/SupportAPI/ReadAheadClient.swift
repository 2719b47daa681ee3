import Foundation

/// A client that can be asked for a read before it is needed. Through the service every
/// read is a round trip (the service, then its database), and a queue move waited for one:
/// the new row's side panes. The console asks here for the panes of the row the agent will
/// most likely move to next while the agent reads the frame, and the move then finds them.
///
/// Only the reads named at `init` are kept: those asked for ahead, and the answers to plain
/// sends of them (a move back to the row before finds its panes too). A kept answer serves
/// a later `send` of the same request only while nothing can have changed what it read:
/// every write sent through this client, every change the feed reports and `maxAge` each
/// drop what is kept, and a read still on its way when that happens is not kept when it
/// lands. So what a move shows is as fresh as what the screen already shows: both are as
/// old as the last change the feed reported.
public final class ReadAheadClient: SupportClient, @unchecked Sendable {
    public let inner: any SupportClient
    /// The operations whose answers are kept.
    public let keeping: Set<String>
    /// How long an answer is kept when nothing changed meanwhile.
    public let maxAge: TimeInterval
    /// Shorter ages for some operations: a queue page, whose Breaching rows the clock moves
    /// without any change being told, is kept only as long as an agent takes to turn
    /// through the views.
    public let maxAges: [String: TimeInterval]
    /// At most this many reads ahead on their way at once; more are not started.
    static let maxInFlight = 2
    /// At most this many reads kept (the oldest goes first): the panes of the rows about the
    /// selection and of each view's first row, and the next view's page and count.
    static let capacity = 12

    private enum Slot {
        case pending(generation: Int)
        case ready(generation: Int, response: any Sendable, at: Date)
    }

    // Guarded by `lock`; a `send` waiting for a read on its way sleeps on it.
    private let lock = NSCondition()
    private var generation = 0
    private var slots: [String: Slot] = [:]
    private var order: [String] = []
    private var inFlight = 0
    private var answeredAhead = 0
    private var waiting = 0
    /// The tokens of writes sent through this client and answered: those not yet taken by
    /// the console (`takeAnsweredWrites`), and those whose echo has not come (`OwnWrites`).
    private var answered: [String] = []
    private var ownWrites = OwnWrites()

    /// `writer`: the login the service signs this client's writes with (`WriteEcho.by`);
    /// their echoes then leave what is kept, every read kept having started after them.
    public let writer: String?

    public init(wrapping inner: any SupportClient, keeping: Set<String>, maxAge: TimeInterval = 30,
                maxAges: [String: TimeInterval] = [:], writer: String? = nil) {
        self.inner = inner
        self.keeping = keeping
        self.maxAge = maxAge
        self.maxAges = maxAges
        self.writer = writer
    }

    public var endpoint: ClientEndpoint { inner.endpoint }
    public var overlapsReads: Bool { inner.overlapsReads }
    public func takeAnsweredWrites() -> [String] {
        let taken = lock.withLock { defer { answered = [] }; return answered }
        return taken + inner.takeAnsweredWrites()
    }
    public var isDemo: Bool { inner.isDemo }
    public func now() -> Date { inner.now() }

    /// How many sends a kept answer served (tests count them).
    package var sendsAnsweredAhead: Int { lock.withLock { answeredAhead } }
    /// Reads asked for ahead that have not landed yet.
    package var readsOnTheirWay: Int { lock.withLock { inFlight } }
    /// Sends sleeping until a read asked for ahead lands.
    package var sendsWaiting: Int { lock.withLock { waiting } }

    /// A write drops what is kept; saying who looks at a ticket (presence, kept in the
    /// service's memory) changes nothing a kept read holds, and is not one here.
    public func send<R: SupportRequest>(_ request: R) throws -> R.Response {
        guard R.effect == .read || R.operation == SetPresenceRequest.operation else {
            // What this write changes may be in a kept read, or in one on its way.
            forgetAll()
            defer { forgetAll() }
            let response = try inner.send(request)
            let tokens = inner.takeAnsweredWrites()
            lock.withLock {
                // A console that writes and never reads back (presence, drafts) keeps only the newest.
                answered = Array((answered + tokens).suffix(OwnWrites.capacity))
                ownWrites.insert(tokens)
            }
            return response
        }
        guard keeping.contains(R.operation), let key = Self.key(request) else { return try inner.send(request) }
        if let response = keptResponse(for: key, as: R.Response.self, age: keptAge(of: R.operation)) { return response }
        let started = lock.withLock { generation }
        let response = try inner.send(request)
        lock.withLock {
            if started == generation, slots[key] == nil { keep(key, .ready(generation: started, response: response, at: Date())) }
        }
        return response
    }

    /// Starts `request` on another thread, to be kept for a `send` of the same request.
    /// Does nothing for a write, a read already kept or on its way, or when `maxInFlight`
    /// reads are on their way (a fast typist's moves do not pile reads up). `then` is given
    /// the answer once it is kept (on the reading thread), to read ahead what it leads to.
    public func readAhead<R: SupportRequest>(_ request: R, then: (@Sendable (R.Response) -> Void)? = nil) {
        guard R.effect == .read, keeping.contains(R.operation), let key = Self.key(request) else { return }
        let age = keptAge(of: R.operation)
        let started: Int? = lock.withLock {
            if case .ready(let generation, _, let at)? = slots[key], generation == self.generation,
               Date().timeIntervalSince(at) < age { return nil }
            if case .pending(let generation)? = slots[key], generation == self.generation { return nil }
            guard inFlight < Self.maxInFlight else { return nil }
            inFlight += 1
            keep(key, .pending(generation: generation))
            return generation
        }
        guard let started else { return }
        let inner = self.inner
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            // A failed read is not kept: the `send` that wants it asks again and hears why.
            let response = try? inner.send(request)
            let kept: Bool = lock.withLock {
                inFlight -= 1
                defer { lock.broadcast() }
                guard case .pending(let generation)? = slots[key], generation == started else { return false }
                guard let response, started == self.generation else { forget(key); return false }
                slots[key] = .ready(generation: started, response: response, at: Date())
                return true
            }
            if kept, let response { then?(response) }
        }
    }

    /// How long an answer of `operation` is kept.
    private func keptAge(of operation: String) -> TimeInterval {
        min(maxAge, maxAges[operation] ?? maxAge)
    }

    /// Whether `change` tells of this client's own answered writes alone: every read kept
    /// was sent after them (a write drops what is kept and what is on its way), so the
    /// echo leaves them. Anyone else's write in it, or one not signed, drops them all.
    fileprivate func isOwnEcho(_ change: ChangeSet) -> Bool {
        guard let writer else { return false }
        return lock.withLock { ownWrites.takeEcho(change, login: writer) }
    }

    /// Drops every kept read, and every read on its way once it lands.
    public func forgetAll() {
        lock.withLock {
            generation += 1
            slots = [:]
            order = []
            lock.broadcast()
        }
    }

    public func changeFeed() throws -> ChangeFeed {
        ForgettingFeed(inner: try inner.changeFeed(), client: self)
    }

    /// The kept answer to `request`, waiting for it when it is on its way; nil when none is
    /// kept (or it was dropped meanwhile).
    private func keptResponse<Response>(for key: String, as: Response.Type, age: TimeInterval) -> Response? {
        lock.withLock {
            while true {
                switch slots[key] {
                case .pending(let generation)? where generation == self.generation:
                    waiting += 1
                    lock.wait()
                    waiting -= 1
                case .ready(let generation, let response, let at)? where generation == self.generation:
                    guard Date().timeIntervalSince(at) < age, let response = response as? Response else {
                        forget(key)
                        return nil
                    }
                    answeredAhead += 1
                    return response
                default:
                    return nil
                }
            }
        }
    }

    private func keep(_ key: String, _ slot: Slot) {
        if slots.updateValue(slot, forKey: key) == nil { order.append(key) }
        while order.count > Self.capacity, let oldest = order.first {
            // One on its way stays: its thread counts on finding it.
            guard case .ready? = slots[oldest] else { break }
            forget(oldest)
        }
    }

    private func forget(_ key: String) {
        slots[key] = nil
        order.removeAll { $0 == key }
    }

    /// The request's operation and body: equal keys ask for the same read.
    static func key<R: SupportRequest>(_ request: R) -> String? {
        guard let body = try? WireJSON.encoder().encode(request) else { return nil }
        return R.operation + " " + String(decoding: body, as: UTF8.self)
    }
}

/// The inner client's feed, dropping the client's kept reads whenever it reports a change
/// to the data (a change of presence alone leaves them).
private final class ForgettingFeed: ChangeFeed {
    let inner: ChangeFeed
    weak var client: ReadAheadClient?

    init(inner: ChangeFeed, client: ReadAheadClient) {
        self.inner = inner
        self.client = client
    }

    func poll() -> ChangeSet? { forgetting(inner.poll()) }
    func pollNow() -> ChangeSet? { forgetting(inner.pollNow()) }
    var connectionProblem: String? { inner.connectionProblem }
    func close() { inner.close() }
    func onArrival(_ wake: @escaping @Sendable () -> Void) { inner.onArrival(wake) }

    private func forgetting(_ change: ChangeSet?) -> ChangeSet? {
        if let change, !change.isPresenceOnly, client?.isOwnEcho(change) != true { client?.forgetAll() }
        return change
    }
}
