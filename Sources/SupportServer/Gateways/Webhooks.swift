import Foundation
import Hummingbird
import NIOCore
import SupportAPI
import SupportCore
import SupportStore

/// The gateways' side of the service, on its own TCP listener: customers' messages from
/// SMS, app chat and social (`POST /v1/hooks/<channel>`) and delivery receipts
/// (`POST /v1/hooks/receipts`). Nothing else is served there: agents reach the service
/// only on the Unix socket, where the kernel names them; a gateway is named by the
/// channel secret that signs its request.
public struct WebhookOptions: Sendable {
    public var host: String
    public var port: Int
    /// One shared secret per channel; a channel without one has no webhook.
    public var secrets: [OutboxChannel: Data]
    /// The intake account messages are imported as (it needs the import permission).
    public var intakeLogin: String
    /// The category of a message that names none.
    public var category: SupportCore.Category
    public var tolerance: TimeInterval

    public init(host: String, port: Int, secrets: [OutboxChannel: Data], intakeLogin: String = "intake",
                category: SupportCore.Category = .payment, tolerance: TimeInterval = GatewaySignature.tolerance) {
        self.host = host; self.port = port; self.secrets = secrets; self.intakeLogin = intakeLogin
        self.category = category; self.tolerance = tolerance
    }

    static let maxBodyBytes = 256 << 10
}

extension PaydeskService {
    func webhookApplication(_ options: WebhookOptions) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        // Registered before the channel route, whose parameter would match it too.
        router.post("/v1/hooks/receipts") { request, _ in
            await self.receipt(request, options)
        }
        router.post("/v1/hooks/:channel") { request, context in
            await self.customerMessage(request, channel: context.parameters.get("channel") ?? "", options)
        }
        let logger = self.logger
        return Application(
            router: router,
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "paydesk"),
            onServerRunning: { channel in
                logger.info("webhooks are accepting connections", metadata: ["address": .string("\(channel.localAddress.map { "\($0)" } ?? "?")")])
            },
            logger: logger)
    }

    /// A customer's message: verified, then imported through intake (threading and
    /// category rules apply; the provider's message id is the intake id, so a redelivery
    /// is a duplicate) together with the messages arriving beside it (`WebhookIntake`),
    /// answered 200 only after the commit.
    private func customerMessage(_ request: Request, channel name: String, _ options: WebhookOptions) async -> Response {
        guard let channel = OutboxChannel(rawValue: name), let intake = channel.intakeChannel,
              let secret = options.secrets[channel] else {
            return Self.problemResponse(APIProblem(code: "not_found", status: 404, detail: "No webhook for \(name)."))
        }
        let body: Data
        switch await verified(request, secrets: [channel: secret], options) {
        case .failure(let problem): return Self.problemResponse(problem)
        case .success(let (data, _)): body = data
        }
        // Intake reads JSON lines; a pretty-printed body is one object over several lines.
        guard let object = try? JSONSerialization.jsonObject(with: body), object is [String: Any],
              let line = try? JSONSerialization.data(withJSONObject: object) else {
            return Self.problemResponse(APIProblem(code: "invalid", status: 400, detail: "The body is not a JSON object."))
        }
        let batch = IntakeReader.read(data: line, name: "webhook \(channel.rawValue)", format: .jsonl,
                                      defaults: IntakeDefaults(category: options.category), now: engine.clock())
        guard let contact = batch.contacts.first else {
            return Self.problemResponse(APIProblem(code: "invalid", status: 422,
                                                   detail: batch.rejections.first?.reason ?? "The body holds no message."))
        }
        switch await webhookIntake?.submit(contact, channel: intake) ?? .refused("webhooks are not configured") {
        case .imported(let item):
            if item.outcome != .duplicate { published(ChangeSet(tickets: [item.ticket])) }
            logger.info("webhook", metadata: ["channel": .string(channel.rawValue), "outcome": .string(item.outcome.rawValue)])
            return Self.json(["ticket": .int(item.ticket), "outcome": .text(item.outcome.rawValue)])
        case .refused(let reason):
            return Self.problemResponse(APIProblem(code: "invalid", status: 422, detail: reason))
        case .failed(let error):
            // Not stored: a 5xx makes the gateway try again later.
            let problem = APIProblem.from(error)
            logger.warning("webhook not stored", metadata: ["channel": .string(channel.rawValue), "code": .string(problem.code)])
            return Self.problemResponse(problem.status < 500 && problem.code != "not_found" && problem.code != "invalid"
                ? APIProblem(code: "busy", status: 503, detail: "The message was not stored: \(problem.detail)") : problem)
        }
    }

    /// A delivery receipt, signed by the gateway of the message's channel.
    private func receipt(_ request: Request, _ options: WebhookOptions) async -> Response {
        let channel: OutboxChannel, body: Data
        switch await verified(request, secrets: options.secrets, options) {
        case .failure(let problem): return Self.problemResponse(problem)
        case .success(let (data, signer)): (body, channel) = (data, signer)
        }
        guard let receipt = try? JSONDecoder().decode(DeliveryReceipt.self, from: body) else {
            return Self.problemResponse(APIProblem(code: "invalid", status: 400,
                                                   detail: #"A receipt is {"id": "<Idempotency-Key>", "status": "delivered"|"failed", "reason": "…"}."#))
        }
        let engine = self.engine
        let outcome: Result<Int64?, Error> = await withCheckedContinuation { continuation in
            work.async { continuation.resume(returning: Result { try engine.recordReceipt(receipt, channel: channel) }) }
        }
        switch outcome {
        case .success(let ticket):
            if let ticket { published(ChangeSet(tickets: [ticket])) }
            return Self.json(["id": .text(receipt.id), "status": .text(receipt.status.rawValue)])
        case .failure(let error):
            return Self.problemResponse(APIProblem.from(error))
        }
    }

    /// The body, once its signature (by one of `secrets`) and age are good; which
    /// channel's secret signed it. A refusal is logged without the body.
    private func verified(_ request: Request, secrets: [OutboxChannel: Data],
                          _ options: WebhookOptions) async -> Result<(Data, OutboxChannel), APIProblem> {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: WebhookOptions.maxBodyBytes) } catch {
            return .failure(APIProblem(code: "too_large", status: 413, detail: "The body is larger than \(WebhookOptions.maxBodyBytes >> 10) KiB."))
        }
        let body = Data(buffer.readableBytesView)
        func header(_ name: String) -> String? {
            request.headers.first { $0.name.canonicalName == name.lowercased() }?.value
        }
        let timestamp = header(GatewaySignature.timestampHeader)
        let signature = header(GatewaySignature.signatureHeader)
        var stale = false
        for (channel, secret) in secrets.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            switch GatewaySignature.verify(body: body, timestamp: timestamp, signature: signature, secret: secret,
                                           now: engine.clock(), tolerance: options.tolerance) {
            case .valid: return .success((body, channel))
            case .stale: stale = true
            case .badSignature: continue
            }
        }
        logger.notice("webhook refused", metadata: ["why": .string(stale ? "stale timestamp" : "bad signature")])
        return .failure(APIProblem(code: "unauthorized", status: 401, detail: stale
            ? "The request's timestamp is more than \(Int(options.tolerance)) s from the service's clock; it may be a replay."
            : "The request's signature does not verify."))
    }

    /// A gateway's committed change, shown on this instance's consoles and announced to
    /// the other instances on a shared database, as a request's is.
    private func published(_ change: ChangeSet) {
        hub.publish(change)
        peers?.announce(change)
    }

    enum JSONField { case int(Int64), text(String) }

    static func json(_ fields: [String: JSONField]) -> Response {
        let object = fields.mapValues { field -> Any in
            switch field { case .int(let n): n; case .text(let t): t }
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}
