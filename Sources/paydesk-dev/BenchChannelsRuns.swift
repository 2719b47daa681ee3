import AgentConsole
import ConsoleBench
import Foundation
import SupportCore
import SupportStore
#if canImport(Glibc)
import Glibc
#endif

/// The webhook and delivery runs of `paydesk-dev bench-channels`.
extension BenchChannelsCommand {
    struct WebhookRun { var seconds: Double; var rate: Double; var timing: FrameTiming; var created: Int; var threaded: Int; var resent: Int }

    /// `paydesk serve --webhook-listen` on loopback, `count` signed customer messages
    /// (SMS and app chat, each with a provider id of its own) posted over `connections`
    /// connections. Every one must be answered 200 created or threaded, be found stored
    /// under its provider id in the ticket it was answered with, and every 50th, posted
    /// again, must come back a duplicate of the same ticket.
    func webhookRun(_ count: Int, store: SupportStore, senders: [BenchMailbox.Sender], dir: String, tag: String) throws -> WebhookRun {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let channels: [(name: String, intake: Channel, secret: Data)] = [
            ("sms", .phone, Data("sms-secret-\(tag)-0123456789abcdef".utf8)),
            ("chat", .appChat, Data("chat-secret-\(tag)-0123456789abcdef".utf8)),
        ]
        var arguments = ["--webhook-as", admin]
        for channel in channels {
            let path = "\(dir)/\(channel.name).secret"
            _ = FileManager.default.createFile(atPath: path, contents: channel.secret, attributes: [.posixPermissions: 0o600])
            arguments += ["--\(channel.name)-secret-file", path]
        }
        let port = Self.freePort()
        let service = try ServiceChild.start(binary: product, db: db, socket: dir + "/s.sock", log: dir + "/serve.log",
                                             extra: ["--webhook-listen", "127.0.0.1:\(port)"] + arguments)
        defer { service.stop() }
        let deadline = Date().addingTimeInterval(30)
        while WebhookFiring.connectLoopback(port).map({ close($0) }) == nil {
            guard Date() < deadline else { throw CommandFailure.other("the webhook listener did not accept within 30 s; see \(dir)/serve.log") }
            usleep(2_000)
        }

        var random = SplitMix64(seed: UInt64(count) &+ 5)
        let at = ISO8601DateFormatter().string(from: Date())
        var posts: [WebhookFiring.Post] = [], ids: [(String, Channel)] = []
        for i in 0..<count {
            let channel = channels[i % channels.count]
            let sender = senders[Int(random.next() % UInt64(senders.count))]
            let id = "hook.\(tag).\(i)"
            let object: [String: String] = ["id": id, "at": at, "wallet_id": sender.walletId, "name": sender.name,
                                            "body": BenchMailbox.bodies[i % BenchMailbox.bodies.count] + " (ref TX\(200_000 + i))"]
            posts.append(.init(path: "/v1/hooks/\(channel.name)", body: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]),
                               secret: channel.secret))
            ids.append((id, channel.intake))
        }
        let (answers, nanoseconds) = WebhookFiring.fire(posts, port: port, connections: connections)
        var created = 0, threaded = 0
        var tickets: [Int64] = []
        for (i, answer) in answers.enumerated() {
            guard answer.status == 200, let (ticket, outcome) = Self.outcome(answer.body) else {
                throw CommandFailure.other("webhook \(ids[i].0) was answered \(answer.status): \(String(decoding: answer.body.prefix(300), as: UTF8.self))")
            }
            switch outcome {
            case "created": created += 1
            case "threaded": threaded += 1
            default: throw CommandFailure.other("webhook \(ids[i].0) was a \(outcome) on its first post")
            }
            tickets.append(ticket)
            guard try store.intakeTicket(channel: ids[i].1, sourceId: ids[i].0) == ticket else {
                throw CommandFailure.other("webhook \(ids[i].0) was answered with ticket \(ticket) but is not stored there")
            }
        }
        // Redelivery, as a gateway does after a lost answer: nothing is stored twice.
        let again = Array(stride(from: 0, to: count, by: 50))
        let (repeats, _) = WebhookFiring.fire(again.map { posts[$0] }, port: port, connections: connections)
        for (k, answer) in repeats.enumerated() {
            guard answer.status == 200, let (ticket, outcome) = Self.outcome(answer.body), outcome == "duplicate", ticket == tickets[again[k]] else {
                throw CommandFailure.other("webhook \(ids[again[k]].0) posted again was not a duplicate of its ticket: "
                                           + String(decoding: answer.body.prefix(300), as: UTF8.self))
            }
        }
        let seconds = Double(nanoseconds) / 1e9
        return WebhookRun(seconds: seconds, rate: Double(count) / seconds,
                          timing: FrameTiming(name: "webhook", samples: answers.map(\.nanoseconds)),
                          created: created, threaded: threaded, resent: again.count)
    }

    static func outcome(_ body: Data) -> (Int64, String)? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let ticket = (object["ticket"] as? NSNumber)?.int64Value, let outcome = object["outcome"] as? String else { return nil }
        return (ticket, outcome)
    }

    /// A loopback port nobody listens on now (bound, then closed).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                bind(fd, pointer, length)
                return getsockname(fd, pointer, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    // MARK: delivery

    struct DeliveryRun { var seconds: Double; var passes: Int; var received: Int }

    /// `paydesk deliver --once` through msmtp to the loopback SMTP server, run again until a
    /// run sends nothing; timed from the first spawn to the last exit. Every queued message
    /// must be sent once, none retried or failed, and the server must hold exactly as many.
    func deliveryRun(_ queued: Int, dir: String) throws -> DeliveryRun {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let smtp = try LoopbackSMTP(maildir: dir + "/maildir")
        defer { smtp.stop() }
        let rc = try smtp.msmtpConfig(in: dir)
        let arguments = ["deliver", "--once", "--json", "--db", db, "--as", admin, "--from", "Wallet Support <support@wallet.example>",
                         "--sendmail", "/usr/bin/msmtp -C \(rc) -t -i"] + deliverArgs.split(separator: " ").map(String.init)
        var sent = 0, passes = 0
        let started = DispatchTime.now().uptimeNanoseconds
        while passes < 1_000 {
            let (result, _) = try Child.run(product, arguments)
            passes += 1
            guard result.status == 0, let report = try? JSONDecoder().decode(DeliveryReport.self, from: result.stdout) else {
                throw CommandFailure.other("paydesk deliver failed (\(result.status)): \(result.stderrText)")
            }
            guard report.retrying.isEmpty, report.failed.isEmpty else {
                throw CommandFailure.other("delivery had failures: \(report.summary)")
            }
            if report.sent.isEmpty { break }
            sent += report.sent.count
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        // The server stores a message before it answers 250, so all are there by now.
        let received = smtp.received
        guard sent == queued, received == queued else {
            throw CommandFailure.other("\(queued) messages queued, \(sent) sent, \(received) received by the SMTP server")
        }
        return DeliveryRun(seconds: seconds, passes: passes, received: received)
    }
}
