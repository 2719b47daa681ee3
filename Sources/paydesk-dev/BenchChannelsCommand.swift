import AgentConsole
import ArgumentParser
import Foundation
import SupportCore
import SupportSeed
import SupportStore
#if canImport(Glibc)
import Glibc
#endif

/// `paydesk-dev bench-channels`: the channels' throughput in BENCHMARKS.md — mail intake
/// from a folder, customer messages by webhook through the service, and delivery of
/// queued mail to an SMTP server on loopback — each through the product as it runs
/// (`paydesk intake`, `paydesk serve`, `paydesk deliver --once`), never by calling its code
/// in this process. Each figure is the median of `--runs` runs with the load average
/// beside every run. It writes into the database: give it a copy. Counts are checked
/// (every mail and webhook stored once, every message received once) and a wrong count
/// fails the command; the times are reported, not judged.
struct BenchChannelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-channels",
        abstract: "Time intake, webhooks and mail delivery on a copy of a seeded database (see BENCHMARKS.md).")

    @Option(help: "Database to write into (a copy of one made by `paydesk-dev seed`).") var db: String
    @Option(help: "Mails per intake run.") var mails = 10_000
    @Option(help: "Webhooks per run.") var webhooks = 5_000
    @Option(help: "Connections posting webhooks at once.") var connections = 8
    @Option(help: "Queued email messages per delivery run.") var messages = 10_000
    @Option(help: "Runs of each part; the median is reported.") var runs = 3
    @Option(help: "Parts to run: intake, webhooks, delivery (comma-separated).") var only = "intake,webhooks,delivery"
    @Option(help: "Admin who imports and delivers (default: ops).") var admin = "ops"
    @Option(help: "Supervisor who queues the replies (default: sari).") var supervisor = "sari"
    @Option(help: "Extra arguments for `paydesk deliver --once`, space-separated (e.g. --deliver-args=\"--send-concurrency 16\").")
    var deliverArgs = ""
    @Option(help: "The paydesk binary to time (default: the one built beside this tool); how a \"before\" build is measured.")
    var paydesk: String?
    @Flag(help: "Small counts and one run: checks that everything runs; the numbers mean little.") var quick = false

    func run() throws {
        let parts = Set(only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        let n = quick ? (mails: 60, webhooks: 40, messages: 30, runs: 1) : (mails: mails, webhooks: webhooks, messages: messages, runs: runs)
        guard n.runs >= 1 else { throw CommandFailure.usage("--runs must be at least 1") }
        let store = try SupportStore(path: db, create: false)
        let importer = try store.resolveActor(asLogin: admin)
        let queuer = try store.resolveActor(asLogin: supervisor)
        // Customers who write in each run: new ones every run, a few mails each (so some
        // join the ticket they opened earlier in the run).
        let writing = min(2_000, max(20, n.mails / 5))
        let dir = "/tmp/paydesk-bench-channels-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tag = String(UInt32.random(in: .min ... .max), radix: 36)
        say("paydesk-dev bench-channels: \(db), \(product), \(n.runs) run\(n.runs == 1 ? "" : "s") a part, "
              + "\(ProcessInfo.processInfo.activeProcessorCount) cores")

        if parts.contains("intake") {
            var rates: [Double] = []
            for run in 0..<n.runs {
                let load = Load.now()
                let senders = try Self.senders(store, db: db, count: writing, seed: 15 + UInt64(run))
                let r = try intakeRun(n.mails, senders: senders, folder: "\(dir)/intake\(run)", tag: "\(tag).i\(run)")
                rates.append(Double(n.mails) / r.seconds)
                say(String(format: "intake run %d: %d mails in %.2f s = %.0f mails/s (created %d, threaded %d of which %d replies by In-Reply-To)   load %@",
                             run + 1, n.mails, r.seconds, rates.last!, r.created, r.threaded, r.replies, load.text(until: Load.now())))
            }
            say(String(format: "INTAKE median of %d: %.0f mails/s   target ≥ 2000: %@", rates.count, median(rates),
                         median(rates) >= 2_000 ? "met" : "MISSED"))
        }
        if parts.contains("webhooks") {
            var rates: [Double] = [], p50s: [Double] = [], p99s: [Double] = []
            for run in 0..<n.runs {
                let load = Load.now()
                let senders = try Self.senders(store, db: db, count: writing, seed: 25 + UInt64(run))
                let r = try webhookRun(n.webhooks, store: store, senders: senders, dir: "\(dir)/hooks\(run)", tag: "\(tag).w\(run)")
                rates.append(r.rate); p50s.append(r.timing.p50); p99s.append(r.timing.p99)
                say(String(format: "webhooks run %d: %d in %.2f s = %.0f/s, latency p50 %.2f ms p99 %.2f ms, %d connections (created %d, threaded %d; %d resent: all duplicate)   load %@",
                             run + 1, n.webhooks, r.seconds, r.rate, r.timing.p50, r.timing.p99, connections, r.created, r.threaded, r.resent,
                             load.text(until: Load.now())))
            }
            say(String(format: "WEBHOOKS median of %d: %.0f/s, p50 %.2f ms, p99 %.2f ms   target ≥ 500/s: %@", rates.count,
                         median(rates), median(p50s), median(p99s), median(rates) >= 500 ? "met" : "MISSED"))
        }
        if parts.contains("delivery") {
            var times: [Double] = []
            // Customers of their own, one mail each, so that most open a ticket of their own.
            let writers = try Self.senders(store, db: db, count: min(n.messages, 5_000) * n.runs + 200, seed: 16)
            for run in 0..<n.runs {
                // Whatever an interrupted run left queued goes to a folder first, or it would be counted here.
                let (drained, _) = try Child.run(product, ["outbox", "drain", "--dir", "\(dir)/leftover\(run)", "--db", db, "--as", admin])
                guard drained.status == 0 else { throw CommandFailure.other("paydesk outbox drain failed: \(drained.stderrText)") }
                let queued = try DeliveryQueue.queue(n.messages, store: store, senders: Array(writers.dropFirst(run * min(n.messages, 5_000))),
                                                     importer: importer, supervisor: queuer, tag: "\(tag).d\(run)", folder: "\(dir)/queue\(run)")
                let load = Load.now()
                let r = try deliveryRun(queued, dir: "\(dir)/smtp\(run)")
                times.append(r.seconds)
                say(String(format: "delivery run %d: %d messages in %.2f s = %.0f/s (%d deliver --once runs; server received %d)   load %@",
                             run + 1, queued, r.seconds, Double(queued) / r.seconds, r.passes, r.received, load.text(until: Load.now())))
            }
            let scaled = median(times) * 10_000 / Double(n.messages)
            say(String(format: "DELIVERY median of %d: %.2f s for %d messages (%.1f s per 10,000)   target ≤ 60 s per 10,000: %@",
                         times.count, median(times), n.messages, scaled, scaled <= 60 ? "met" : "MISSED"))
        }
    }

    var product: String { paydesk ?? ProductBinary.path }

    /// A line written at once, not when a buffer fills: a long bench shows each run as it ends.
    func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

    func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted.count % 2 == 1 ? sorted[sorted.count / 2]
            : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Customers to write as, drawn at random (seeded) from the database's customers.
    static func senders(_ store: SupportStore, db: String, count: Int, seed: UInt64) throws -> [BenchMailbox.Sender] {
        let total = try BulkSeeder.inspect(path: db).map { Int64($0.options.customers) } ?? 50
        var random = SplitMix64(seed: seed)
        var senders: [BenchMailbox.Sender] = []
        var tried = Set<Int64>()
        while senders.count < count && tried.count < total {
            let id = Int64(random.next() % UInt64(total)) + 1
            guard tried.insert(id).inserted, let customer = try? store.customer(id: id), !customer.email.isEmpty else { continue }
            senders.append(.init(email: customer.email, name: customer.name, walletId: customer.walletId))
        }
        guard !senders.isEmpty else { throw CommandFailure.other("the database has no customers with an email address") }
        return senders
    }

    // MARK: intake

    struct IntakeRun { var seconds: Double; var created: Int; var threaded: Int; var replies: Int }

    /// `paydesk intake --file FOLDER`, timed from spawn to exit; every mail must be
    /// imported (none rejected, none a duplicate) and every reply must join the ticket of
    /// the mail it answers.
    func intakeRun(_ count: Int, senders: [BenchMailbox.Sender], folder: String, tag: String) throws -> IntakeRun {
        let mails = BenchMailbox.make(count: count, senders: senders, tag: tag, now: Date(), seed: UInt64(count) &+ 1)
        try BenchMailbox.write(mails, to: folder)
        let (result, seconds) = try Child.run(product, ["intake", "--db", db, "--as", admin, "--channel", "email",
                                                                   "--file", folder, "--category", "payment", "--json"])
        guard result.status == 0, let report = try? JSONDecoder().decode(IntakeReport.self, from: result.stdout) else {
            throw CommandFailure.other("paydesk intake failed (\(result.status)): \(result.stderrText)")
        }
        guard report.rejected == 0, report.duplicates == 0, report.created + report.threaded == count else {
            throw CommandFailure.other("intake counts are wrong: \(report.summary) for \(count) mails; first rejection: "
                                       + (report.rejections.first.map { "\($0)" } ?? "none"))
        }
        let ticketOf = Dictionary(report.items.map { ($0.sourceId, $0.ticket) }, uniquingKeysWith: { a, _ in a })
        var replies = 0
        for mail in mails {
            guard let parent = mail.parent else { continue }
            replies += 1
            guard let own = ticketOf[mail.messageId], own == ticketOf[parent] else {
                throw CommandFailure.other("the reply \(mail.messageId) did not join the ticket of \(parent)")
            }
        }
        return IntakeRun(seconds: seconds, created: report.created, threaded: report.threaded, replies: replies)
    }
}

/// The load average, read before and after each run.
struct Load {
    var one: Double
    static func now() -> Load {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return Load(one: text.split(separator: " ").first.flatMap { Double($0) } ?? -1)
    }
    func text(until end: Load) -> String { String(format: "%.2f→%.2f", one, end.one) }
}

/// A child process run to its end, its output collected; and how long it took.
enum Child {
    struct Result { var status: Int32; var stdout: Data; var stderr: Data
        var stderrText: String { String(decoding: stderr.prefix(2_000), as: UTF8.self) }
    }

    static func run(_ binary: String, _ arguments: [String]) throws -> (Result, Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        (process.standardOutput, process.standardError, process.standardInput) = (out, err, FileHandle.nullDevice)
        let started = DispatchTime.now().uptimeNanoseconds
        try process.run()
        // Both pipes drained while it runs, so a large report cannot fill one and stall it.
        let errors = DataBox(), errorsRead = DispatchSemaphore(value: 0)
        Thread.detachNewThread { errors.data = err.fileHandleForReading.readDataToEndOfFile(); errorsRead.signal() }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        errorsRead.wait()
        return (Result(status: process.terminationStatus, stdout: output, stderr: errors.data), seconds)
    }
}

/// Written by one thread, read by another after a semaphore says it is done.
final class DataBox: @unchecked Sendable { var data = Data() }
