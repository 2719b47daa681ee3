import Foundation
import SupportCore
import SupportStore
#if canImport(Glibc)
import Glibc
#endif

/// The mail side of `paydesk-dev bench-channels`: an SMTP server on loopback (aiosmtpd
/// from the system python, storing each message in a maildir before it answers 250, as
/// the delivery tests use), msmtp as the sendmail command, and replies queued the way a
/// supervisor queues many at once (a bulk macro on email tickets).
final class LoopbackSMTP {
    let pid: pid_t
    let port: Int
    let maildir: String

    /// Starts the server; it prints its port once it listens, so nothing is guessed.
    init(maildir: String, python: String = "/usr/bin/python3") throws {
        self.maildir = maildir
        let script = """
            import asyncio, sys
            from aiosmtpd.smtp import SMTP
            from aiosmtpd.handlers import Mailbox
            async def main():
                loop = asyncio.get_running_loop()
                server = await loop.create_server(lambda: SMTP(Mailbox(sys.argv[1])), "127.0.0.1", 0)
                print(server.sockets[0].getsockname()[1], flush=True)
                await server.serve_forever()
            asyncio.run(main())
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, maildir]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw CommandFailure.other("cannot start \(python) (aiosmtpd): \(error)") }
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            throw CommandFailure.other("the SMTP server did not start (is python3-aiosmtpd installed for \(python)?)")
        }
        (pid, self.port) = (process.processIdentifier, port)
    }

    /// Messages stored so far (Mailbox writes each into new/ before answering 250).
    var received: Int { ((try? FileManager.default.contentsOfDirectory(atPath: maildir + "/new")) ?? []).count }

    func stop() {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }

    /// An msmtp configuration for this server, owner-only as msmtp demands.
    func msmtpConfig(in dir: String) throws -> String {
        let path = dir + "/msmtprc"
        try "defaults\nauth off\ntls off\naccount default\nhost 127.0.0.1\nport \(port)\nfrom support@wallet.example\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        return path
    }
}

enum DeliveryQueue {
    /// Queues `count` email replies: imports a new mail from each of `senders` in turn
    /// (through intake, like any mail) until it has tickets enough whose replies go by email
    /// (a sender with an open ticket from another channel joins it, and is passed over),
    /// then applies a reply macro to them in bulk actions of at most 5,000 (the store's
    /// limit), round after round, until `count` replies are queued. Answers how many were.
    static func queue(_ count: Int, store: SupportStore, senders: [BenchMailbox.Sender], importer: Agent, supervisor: Agent,
                      tag: String, folder: String) throws -> Int {
        let wanted = min(count, 5_000)
        var tickets: [Int64] = []
        var seen = Set<Int64>()
        var round = 0, next = 0
        while tickets.count < wanted {
            guard round < 20 else { throw CommandFailure.other("could not open \(wanted) email tickets to reply on") }
            let take = min(wanted - tickets.count + 50, senders.count)
            let from = (0..<take).map { senders[(next + $0) % senders.count] }
            next += take
            let mails = BenchMailbox.make(count: take, senders: from, tag: "\(tag).q\(round)", now: Date(), seed: UInt64(round) &+ 77,
                                          replies: false, inTurn: true)
            let dir = folder + "/q\(round)"
            try BenchMailbox.write(mails, to: dir)
            let batch = try IntakeReader.read(path: dir, format: .eml, defaults: IntakeDefaults(category: .payment))
            let report = try store.importContacts(batch, channel: .email, by: importer)
            for item in report.items where item.outcome != .duplicate && seen.insert(item.ticket).inserted {
                let ticket = try store.ticket(number: item.ticket)
                if OutboxChannel(replyingTo: ticket.channel) == .email && tickets.count < wanted { tickets.append(item.ticket) }
            }
            round += 1
        }
        var queued = 0
        while queued < count {
            let round = Array(tickets.prefix(min(count - queued, tickets.count)))
            let outcome = try store.bulk(.macro("failed-payment-checklist"), tickets: round.map { BulkTarget(number: $0) },
                                         by: supervisor)
            guard !outcome.applied.isEmpty else { throw CommandFailure.other("the bulk reply was refused: \(outcome.summary)") }
            queued += outcome.applied.count
        }
        return queued
    }
}
