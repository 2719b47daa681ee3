import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SupportStore

/// A channel's HTTP gateway (an SMS aggregator, the app's chat backend, a social inbox
/// bridge): each message is one JSON POST, signed (`GatewaySignature`) and carrying
/// `Idempotency-Key: <outbox id>`, so a resend after a crash between sending and marking
/// is recognised by the gateway and not sent to the customer twice. A 2xx answer accepts
/// the message; anything else, or no answer within the timeout, is a failed attempt that
/// delivery retries with backoff until its give-up window.
public struct HTTPGateway: MessageGateway {
    public let url: String
    let secret: Data
    let timeout: TimeInterval

    public init(url: String, secret: Data, timeout: TimeInterval = 30) {
        self.url = url; self.secret = secret; self.timeout = timeout
    }

    /// The body the gateway receives.
    struct Payload: Encodable {
        var id: String
        var channel: String
        var to: String
        var subject: String?
        var text: String
        var ticket: Int64?
    }

    public func send(_ message: GatewayMessage) -> Result<String?, DeliveryProblem> {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let payload = Payload(id: message.idempotencyKey, channel: message.channel.rawValue, to: message.to,
                              subject: message.subject, text: message.body, ticket: message.ticket)
        guard let body = try? encoder.encode(payload) else { return .failure(DeliveryProblem(reason: "cannot encode the message")) }
        // The signature is made at each attempt: a retry an hour later must not look stale.
        let timestamp = Int64(Date().timeIntervalSince1970)
        do {
            var request = try HTTPClient.Request(url: url, method: .POST)
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "Idempotency-Key", value: message.idempotencyKey)
            request.headers.add(name: GatewaySignature.timestampHeader, value: String(timestamp))
            request.headers.add(name: GatewaySignature.signatureHeader,
                                value: GatewaySignature.sign(body: body, timestamp: timestamp, secret: secret))
            request.body = .bytes(body)
            // Delivery runs on its own thread, never an event loop: waiting here is safe.
            let response = try HTTPClient.shared.execute(request: request, deadline: .now() + .milliseconds(Int64(timeout * 1_000))).wait()
            guard (200..<300).contains(response.status.code) else {
                return .failure(DeliveryProblem(reason: "gateway answered HTTP \(response.status.code)"))
            }
            return .success(Self.providerId(response.body))
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            return .failure(DeliveryProblem(reason: "gateway did not answer within \(Int(timeout)) s"))
        } catch {
            return .failure(DeliveryProblem(reason: "gateway unreachable: \(String(describing: error).prefix(200))"))
        }
    }

    /// `{"id": "…"}` in the answer, when the gateway gives its own id for the message.
    static func providerId(_ body: ByteBuffer?) -> String? {
        guard let body, let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
            return nil
        }
        if let id = object["id"] as? String { return String(id.prefix(200)) }
        if let id = object["id"] as? Int { return String(id) }
        return nil
    }
}
