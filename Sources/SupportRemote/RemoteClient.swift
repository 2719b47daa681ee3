import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SupportAPI
import SupportCore
import SupportStore

/// Sends requests to `paydesk serve` over its Unix socket (HTTP/1.1 + JSON). Calls block
/// the caller's thread: the console and the command line are synchronous, and a request
/// on a local socket costs a fraction of a millisecond more than running it in-process.
public final class RemoteClient: SupportClient {
    public let socketPath: String
    let http: HTTPClient
    let asLogin: String?
    /// Requests that take longer than this are abandoned with a clear error (the service
    /// never holds a transaction while waiting for a client, so nothing is left half-done).
    static let timeout = TimeAmount.seconds(60)

    public init(socketPath: String, asLogin: String? = nil) {
        self.socketPath = socketPath
        self.asLogin = asLogin
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(2), read: Self.timeout)
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    deinit { try? http.syncShutdown() }

    public var endpoint: ClientEndpoint { .service(socket: socketPath) }

    public var isDemo: Bool { (try? send(IsDemoRequest())) ?? false }
    public func now() -> Date { Date() }

    public func send<R: SupportRequest>(_ request: R) throws -> R.Response {
        let body = try WireJSON.encoder().encode(request)
        let data = try post(path: "/v1/\(R.operation)", body: body)
        return try WireJSON.decoder().decode(R.Response.self, from: data)
    }

    func post(path: String, body: Data) throws -> Data {
        guard let url = URL(httpURLWithSocketPath: socketPath, uri: path) else {
            throw StoreError(.invalid, "The socket path \(socketPath) cannot be used in a URL.")
        }
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        if let asLogin { headers.add(name: "X-Paydesk-As", value: asLogin) }
        let request = try HTTPClient.Request(url: url, method: .POST, headers: headers, body: .data(body))
        let response: HTTPClient.Response
        do {
            response = try http.execute(request: request, deadline: .now() + Self.timeout).wait()
        } catch {
            throw Self.unreachable(socketPath, error)
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
    static func unreachable(_ socket: String, _ error: Error) -> StoreError {
        let why = Self.describe(error)
        if why == "no socket" || why == "connection refused" || why == "permission denied" {
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

