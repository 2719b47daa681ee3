import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SupportAPI
import SupportCore
import SupportStore
import Synchronization

/// Sends requests to `paydesk serve` over its Unix socket (HTTP/1.1 + JSON). Calls block
/// the caller's thread: the console and the command line are synchronous, and a request
/// on a local socket costs a fraction of a millisecond more than running it in-process.
///
/// Given several sockets (instances of one service on a shared PostgreSQL database), it
/// uses the first that answers and moves on to the next when one stops: a request that
/// cannot have reached an instance (no socket, refused) is sent to the next at once; one
/// cut off mid-way is reported as possibly done, and the next request goes elsewhere.
public final class RemoteClient: SupportClient {
    public let sockets: [String]
    private let current = Mutex(0)
    let http: HTTPClient
    let asLogin: String?
    /// The tokens of writes answered and not yet taken (`takeAnsweredWrites`), newest last.
    private let answeredWrites = Mutex<[String]>([])
    static let answeredWritesKept = 256
    /// Makes each write's token: random, so that no one can tell one from another's.
    let makeWriteToken: @Sendable () -> String
    /// Requests that take longer than this are abandoned with a clear error (the service
    /// never holds a transaction while waiting for a client, so nothing is left half-done).
    static let timeout = TimeAmount.seconds(60)

    public convenience init(socketPath: String, asLogin: String? = nil) {
        self.init(sockets: [socketPath], asLogin: asLogin)
    }

    /// `writeTokens`: how each write's token is made (tests send a chosen one).
    public init(sockets: [String], asLogin: String? = nil,
                writeTokens: @escaping @Sendable () -> String = { UUID().uuidString }) {
        precondition(!sockets.isEmpty, "a remote client needs a socket")
        self.sockets = sockets
        self.asLogin = asLogin
        makeWriteToken = writeTokens
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(2), read: Self.timeout)
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    deinit { try? http.syncShutdown() }

    /// The instance requests go to now.
    public var socketPath: String { sockets[current.withLock { $0 }] }

    /// Moves on from `socket` to the next instance (if another caller has not already).
    func failOver(from socket: String) {
        current.withLock { index in
            if sockets[index] == socket { index = (index + 1) % sockets.count }
        }
    }

    public var endpoint: ClientEndpoint { .service(socket: socketPath) }
    /// AsyncHTTPClient sends a request made while another is on its way on a connection of
    /// its own, and the service answers both at once.
    public var overlapsReads: Bool { true }

    public var isDemo: Bool { (try? send(IsDemoRequest())) ?? false }
    public func now() -> Date { Date() }

    public func send<R: SupportRequest>(_ request: R) throws -> R.Response {
        let body = try WireJSON.encoder().encode(request)
        let started = RequestTrace.shared == nil ? 0 : DispatchTime.now().uptimeNanoseconds
        // A write goes with a token of its own; the service tells it back in the change the
        // write commits, so the console knows its own echo.
        let token = R.effect == .write ? makeWriteToken() : nil
        let data = try post(path: "/v1/\(R.operation)", body: body, writeToken: token)
        if let token {
            answeredWrites.withLock { tokens in
                tokens.append(token)
                if tokens.count > Self.answeredWritesKept { tokens.removeFirst(tokens.count - Self.answeredWritesKept) }
            }
        }
        RequestTrace.shared?.record(R.operation, started: started, sent: body.count, received: data.count)
        // A page of transactions is read by hand (the same values; 0.03 ms for 100 rows
        // where JSONDecoder took 0.56);
        // a reply in any other shape goes to the decoder.
        if R.Response.self == [Transaction].self, let rows = TransactionRowsJSONReader.decode(data) as? R.Response {
            return rows
        }
        // So is a queue page (0.91 ms by JSONDecoder for 100 tickets).
        if R.Response.self == [TicketSummary].self, let rows = TicketSummaryRowsJSON.decode(data) as? R.Response {
            return rows
        }
        // And the ticket pane (JSONDecoder: 0.07 ms for six entries, growing with the timeline).
        if R.Response.self == TicketView.self, let view = TicketViewJSONReader.decode(data) as? R.Response {
            return view
        }
        return try WireJSON.decoder().decode(R.Response.self, from: data)
    }

    public func takeAnsweredWrites() -> [String] {
        answeredWrites.withLock { tokens in
            defer { tokens.removeAll() }
            return tokens
        }
    }

    func post(path: String, body: Data, writeToken: String? = nil) throws -> Data {
        var tried = 0
        while true {
            let socket = socketPath
            do {
                return try post(path: path, body: body, writeToken: writeToken, to: socket)
            } catch let failure as Unreachable {
                failOver(from: socket)
                tried += 1
                // Not delivered at all: the next instance may take it. Otherwise (or when
                // every instance was tried) the caller hears what happened.
                guard failure.notDelivered, tried < sockets.count else { throw failure.error }
            }
        }
    }

    struct Unreachable: Error {
        var error: StoreError
        var notDelivered: Bool
    }

    private func post(path: String, body: Data, writeToken: String?, to socket: String) throws -> Data {
        guard let url = URL(httpURLWithSocketPath: socket, uri: path) else {
            throw StoreError(.invalid, "The socket path \(socket) cannot be used in a URL.")
        }
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        if let asLogin { headers.add(name: "X-Paydesk-As", value: asLogin) }
        if let writeToken { headers.add(name: "X-Paydesk-Write", value: writeToken) }
        let request = try HTTPClient.Request(url: url, method: .POST, headers: headers, body: .data(body))
        let response: HTTPClient.Response
        do {
            response = try http.execute(request: request, deadline: .now() + Self.timeout).wait()
        } catch {
            let why = Self.describe(error)
            throw Unreachable(error: Self.unreachable(socket, error), notDelivered: Self.notDelivered.contains(why))
        }
        let data = response.body.map { Data($0.readableBytesView) } ?? Data()
        guard response.status == .ok else {
            if let problem = try? WireJSON.decoder().decode(APIProblem.self, from: data) { throw problem.storeError }
            throw StoreError(.other, "The paydesk service answered \(response.status.code) without a reason.")
        }
        return data
    }

    /// "Nothing was changed" only when the request cannot have reached the service; a
    /// connection lost mid-request may have committed, and saying otherwise invites a
    /// second, duplicate write.
    static let notDelivered: Set<String> = ["no socket", "connection refused", "permission denied"]

    static func unreachable(_ socket: String, _ error: Error) -> StoreError {
        let why = Self.describe(error)
        if notDelivered.contains(why) {
            return StoreError(.other, "The paydesk service at \(socket) is not answering (\(why)); nothing was changed.")
        }
        return StoreError(.other, "The paydesk service at \(socket) stopped answering (\(why)); the change may or may not have been made — look before trying again.")
    }

    static func describe(_ error: Error) -> String {
        let text = "\(error)"
        if text.contains("connectTimeout") || text.contains("readTimeout") || text.contains("deadlineExceeded") { return "timed out" }
        if text.contains("No such file") || text.contains("ENOENT") { return "no socket" }
        if text.contains("Connection refused") || text.contains("ECONNREFUSED") { return "connection refused" }
        if text.contains("Permission denied") || text.contains("EACCES") { return "permission denied" }
        return "connection lost"
    }

    public func changeFeed() throws -> ChangeFeed {
        EventFeed(client: self)
    }
}

