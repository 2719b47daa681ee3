import Foundation

/// One message as a gateway receives it. `outboxId` is the idempotency key: every attempt
/// at the same message carries the same one, so a gateway that already accepted it (a
/// crash between sending and marking) answers without sending it again.
public struct GatewayMessage: Sendable, Codable, Hashable {
    public var outboxId: Int64
    /// `12`, or `12-r1` after a supervisor sent a message again that the gateway had
    /// accepted (and then reported failed): a new key, or the gateway would not resend.
    public var idempotencyKey: String
    public var channel: OutboxChannel
    public var to: String
    public var subject: String?
    public var body: String
    public var ticket: Int64?

    public init(outboxId: Int64, idempotencyKey: String? = nil, channel: OutboxChannel, to: String, subject: String?,
                body: String, ticket: Int64?) {
        self.outboxId = outboxId; self.idempotencyKey = idempotencyKey ?? String(outboxId); self.channel = channel; self.to = to; self.subject = subject
        self.body = body; self.ticket = ticket
    }
}

/// Why one attempt failed, in a sentence that is shown on the ticket; never customer text.
public struct DeliveryProblem: Error, Sendable, Hashable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}

/// A way out for one channel that is not mail (SMS, app chat, social). Called off any
/// event loop, once per attempt; answers the provider's id for the message when it gives one.
public protocol MessageGateway: Sendable {
    func send(_ message: GatewayMessage) -> Result<String?, DeliveryProblem>
}

/// How queued messages leave. Email goes through the host's mail system by the sendmail
/// interface, which Postfix, Exim, OpenSMTPD and msmtp all provide (the convention cron,
/// git and Request Tracker use), so paydesk holds no SMTP credentials of its own; the
/// other channels go to their HTTP gateways; a folder takes whatever has no other way out.
/// A channel with none of these is left queued.
public struct DeliveryOptions: Sendable {
    /// The command and its arguments; the message is written to its standard input.
    public var sendmail: [String]
    /// The From of every mail: `Wallet Support <support@wallet.example>`. Its domain also
    /// names our Message-IDs. Without it email is not sent by sendmail.
    public var from: String?
    public var gateways: [OutboxChannel: any MessageGateway]
    /// Every message of a channel without another way out is written here as a file.
    public var folder: String?
    /// A message still failing this long after it was queued is marked failed.
    public var giveUpAfter: TimeInterval
    /// The first retry waits this long; each later one twice as long (capped at an hour),
    /// plus up to a quarter more at random so that retries after an outage spread out.
    public var firstRetry: TimeInterval
    /// A sendmail run or gateway call taking longer is stopped and counted as a failed attempt.
    public var timeout: TimeInterval
    /// Messages claimed per transaction; a pass takes batch after batch until none is due.
    public var batch: Int
    /// Messages being sent at once (sendmail processes, gateway calls).
    public var concurrency: Int

    /// Sixteen at once: a message mostly waits on its SMTP conversation (about 60 ms to a
    /// loopback server, near no CPU), and a mail system takes many submissions in parallel
    /// (Postfix runs up to 100 smtpd processes); 10,000 mails took 162 s at 4, 58 s at 16.
    public static let defaultConcurrency = 16

    public static let defaultSendmail = ["/usr/sbin/sendmail", "-t", "-i"]

    public init(sendmail: [String] = DeliveryOptions.defaultSendmail, from: String? = nil,
                gateways: [OutboxChannel: any MessageGateway] = [:], folder: String? = nil,
                giveUpAfter: TimeInterval = 86_400, firstRetry: TimeInterval = 60, timeout: TimeInterval = 60, batch: Int = 500,
                concurrency: Int = DeliveryOptions.defaultConcurrency) {
        self.sendmail = sendmail; self.from = from; self.gateways = gateways; self.folder = folder
        self.giveUpAfter = giveUpAfter; self.firstRetry = firstRetry; self.timeout = timeout; self.batch = max(1, batch)
        self.concurrency = max(1, concurrency)
    }

    /// The channels this configuration can deliver; the others stay queued.
    public var channels: [OutboxChannel] {
        OutboxChannel.allCases.filter { channel in
            folder != nil || (channel == .email ? from != nil : gateways[channel] != nil)
        }
    }

    /// The wait before retry number `attempts` (counting from 1).
    func retryDelay(after attempts: Int) -> TimeInterval {
        min(3_600, firstRetry * pow(2, Double(max(0, attempts - 1)))) * Double.random(in: 1...1.25)
    }
}

public struct DeliveryReport: Sendable, Codable, Hashable {
    public var sent: [Int64] = []
    public var retrying: [Int64] = []
    public var failed: [Int64] = []
    /// One-time codes that expired before they could be sent.
    public var discarded: [Int64] = []
    /// Messages written to the folder, and where.
    public var files: [OutboxDrainReport.File] = []
    /// Tickets whose messages changed state, for live updates.
    public var tickets: Set<Int64> = []

    public init() {}

    public var summary: String {
        "sent \(sent.count), retrying \(retrying.count), failed \(failed.count), discarded \(discarded.count)"
    }
}
