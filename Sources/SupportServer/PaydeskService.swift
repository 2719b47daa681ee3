import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SupportAPI
import SupportCore
import SupportStore

/// `paydesk serve`: the one process that opens the store. It listens on a Unix socket,
/// identifies every caller by the kernel's word (SO_PEERCRED), re-reads the agent for
/// every request, runs the request, and pushes what changed to every connected console.
public final class PaydeskService: Sendable {
    public struct Options: Sendable {
        public var socketPath: String
        public var socketMode: mode_t
        /// Delivery of the outbox inside the service; nil leaves it to `paydesk deliver`.
        public var delivery: DeliveryOptions?
        /// The TCP listener for gateways' webhooks; nil: none.
        public var webhooks: WebhookOptions?
        public init(socketPath: String, socketMode: mode_t = 0o666, delivery: DeliveryOptions? = nil,
                    webhooks: WebhookOptions? = nil) {
            self.socketPath = socketPath; self.socketMode = socketMode; self.delivery = delivery; self.webhooks = webhooks
        }
    }

    /// A reply's files (10 MiB together) travel base64 in JSON, a third larger: 14 MiB holds
    /// them and the rest of the request; anything larger is refused before it is read.
    static let maxBodyBytes = 14 << 20
    public static let asHeader = "X-Paydesk-As"
    /// A client's token for a write, told back in the change it commits (`ChangeSet.echoOf`).
    public static let writeHeader = "X-Paydesk-Write"

    /// The store's services, on SQLite or PostgreSQL.
    let engine: any StoreEngine
    let options: Options
    /// Other instances' commits (PostgreSQL's LISTEN), handed to this one's consoles.
    let peers: PeerChanges?
    let hub = ChangeHub()
    let presence: PresenceBook
    let logger: Logger
    let work = DispatchQueue(label: "paydesk.requests", attributes: .concurrent)
    let delivery: DeliveryLoop?
    let webhookIntake: WebhookIntake?

    public convenience init(store: SupportStore, options: Options, logger: Logger) {
        self.init(engine: store, options: options, logger: logger, peers: nil)
    }

    /// `peers` is how commits reach and leave the other instances on a shared database:
    /// each write's changes are announced to them, and theirs arrive on `peers.changes`.
    public init(engine: any StoreEngine, options: Options, logger: Logger, peers: PeerChanges?) {
        self.engine = engine
        self.peers = peers
        self.options = options
        self.logger = logger
        self.presence = PresenceBook(clock: engine.clock)
        let hub = self.hub
        self.webhookIntake = options.webhooks.map { WebhookIntake(engine: engine, login: $0.intakeLogin) }
        // A pass's changes (a reply's state on its ticket) reach this instance's consoles and,
        // through `peers`, the other instances'.
        self.delivery = options.delivery.flatMap { delivery in
            delivery.channels.isEmpty ? nil
                : DeliveryLoop(store: engine, options: delivery, logger: logger,
                               changed: { hub.publish($0); peers?.announce($0) })
        }
    }

    /// Runs until SIGTERM or SIGINT, then stops accepting, lets in-flight requests finish
    /// and returns. `onReady` runs once the socket accepts connections.
    public func run(onReady: @escaping @Sendable () -> Void = {}) async throws {
        let router = Router(context: ServiceRequestContext.self)
        for type in RequestRegistry.all { register(type, on: router) }
        router.get("/v1/events") { request, context in try await self.events(request, context) }
        router.get("/v1/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json())))
        }
        router.get("/v1/health") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        let socketPath = options.socketPath
        let mode = options.socketMode
        let logger = self.logger
        let hub = self.hub
        var services: [any Service] = [Heartbeat(hub: hub)]
        if let peers {
            let delivery = delivery
            let engine = engine
            services.append(PeerRelay(peers: peers, hub: hub, logger: logger, wake: { delivery?.wake() },
                                      noted: { engine.noteChangeElsewhere() }))
        }
        if let delivery { services.append(delivery) }
        if let webhooks = options.webhooks { services.append(webhookApplication(webhooks)) }
        let app = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .seconds(120))),
            configuration: .init(address: .unixDomainSocket(path: socketPath), serverName: "paydesk"),
            services: services,
            onServerRunning: { _ in
                // Who may connect is decided per request by uid, so the socket itself is open;
                // the folder around it (0755 /run/paydesk) is the only gate on reaching it.
                chmod(socketPath, mode)
                logger.info("paydesk serve is accepting connections", metadata: ["socket": .string(socketPath)])
                onReady()
            },
            logger: logger)
        try await app.runService()
        hub.finishAll()
        logger.info("paydesk serve stopped")
    }

    // MARK: requests

    private func register<R: SupportRequest>(_ type: R.Type, on router: Router<ServiceRequestContext>) {
        router.post("/v1/\(R.operation)") { request, context in
            try await self.serve(type, request, context)
        }
    }

    private func serve<R: SupportRequest>(_ type: R.Type, _ request: Request, _ context: ServiceRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let peer = try await PeerIdentity.peer(of: context.channel)
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: context.maxUploadSize)
            } catch {
                throw APIProblem(code: "too_large", status: 413,
                                 detail: "The request body is larger than \(Self.maxBodyBytes >> 20) MiB; nothing was done.")
            }
            let data = body.readableBytes == 0 ? Data("{}".utf8) : Data(body.readableBytesView)
            let asLogin = Self.asLogin(request)
            let writeToken = Self.header(Self.writeHeader, of: request)
            // The database work runs off the event loop: it blocks on SQLite.
            let output: Data = try await withCheckedThrowingContinuation { continuation in
                work.async {
                    do {
                        let (output, announce) = try self.execute(type, data, peer: peer, asLogin: asLogin, writeToken: writeToken)
                        continuation.resume(returning: output)
                        // The answer is on its way before the change is told: telling it reads
                        // the changed tickets' owners and the header's unowned counts, which
                        // the writer, who re-reads what it changed anyway, need not wait for.
                        announce?()
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
            logger.debug("request", metadata: ["op": .string(R.operation), "uid": .stringConvertible(peer.uid),
                                               "ms": .stringConvertible((ContinuousClock.now - started).milliseconds)])
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: output)))
        } catch {
            let problem = APIProblem.from(error)
            // No customer text in logs: the operation and the problem code only.
            logger.info("refused", metadata: ["op": .string(R.operation), "code": .string(problem.code)])
            return Self.problemResponse(problem)
        }
    }

    /// Who is asking comes first (an unknown caller learns nothing, not even whether its
    /// body would parse), then the body, then the request, all on a worker thread. Returns
    /// the answer's bytes and, for a write, what tells the change to consoles, other
    /// instances and the deliverer (run once the answer is handed over).
    private func execute<R: SupportRequest>(_ type: R.Type, _ data: Data, peer: PeerIdentity.Peer,
                                            asLogin: String?, writeToken: String?) throws -> (Data, (() -> Void)?) {
        let caller = peer.login ?? "uid:\(peer.uid)"
        let actor = try engine.resolveActor(caller: caller, asLogin: asLogin)
        let request = try RequestDecoding.decode(type, from: data)
        let response = try request.run(store: engine, actor: actor, presence: presence)
        let announce: (() -> Void)? = R.effect != .write ? nil : { [self] in
            var changes = hub.publish(request.changes(response, by: actor, token: writeToken), completing: withOwnersAndCounts)
            // The other instances count for their own consoles, in their own publish order;
            // the writer's console is not among theirs.
            changes.unownedCounts = nil
            changes.echoOf = nil
            // Presence is this instance's memory: the others' consoles could not see it.
            if !changes.isPresenceOnly { peers?.announce(changes) }
            // A write may have queued a message (a reply, a code): deliver it now, not at the next timer.
            delivery?.wake()
        }
        do {
            return (try Self.encode(response), announce)
        } catch {
            // Committed all the same: the change is told whatever becomes of the answer.
            announce?()
            throw error
        }
    }

    private static func encode<Response: Encodable>(_ response: Response) throws -> Data {
        // Pages of transactions and of the queue, the replies the console asks for most, are written by hand.
        if let rows = response as? [Transaction], let json = TransactionRowsJSON.encode(rows) { return json }
        if let rows = response as? [TicketSummary], let json = TicketSummaryRowsJSON.encode(rows) { return json }
        // And the ticket pane, the reply a console waits for when an agent opens a ticket.
        if let view = response as? TicketView, let json = TicketViewJSON.encode(view) { return json }
        return try WireJSON.encoder().encode(response)
    }

    /// `X-Paydesk-As`, honoured by the store on demo databases only.
    static func asLogin(_ request: Request) -> String? { header(asHeader, of: request) }

    static func header(_ name: String, of request: Request) -> String? {
        request.headers.first { $0.name.canonicalName == name.lowercased() }?.value
    }

    static func problemResponse(_ problem: APIProblem) -> Response {
        let data = (try? WireJSON.encoder().encode(problem)) ?? Data()
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        // The rest of an oversized body is never read: end the connection rather than
        // leave the client writing into a socket nobody drains.
        if problem.status == 413 { headers[.connection] = "close" }
        return Response(status: HTTPResponse.Status(code: problem.status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}

extension Duration {
    var milliseconds: Double { Double(components.seconds) * 1_000 + Double(components.attoseconds) / 1e15 }
}
