import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportRemote
import SupportStore

/// `paydesk-dev soak …`: the concurrency and crash drills (`make soak`, `scripts/soak.sh`
/// and the end-to-end tests use it). Many processes hammer one database; each prints every
/// write the store acknowledged, one line each, so that `soak check` can prove afterwards that
/// nothing acknowledged was lost, no ticket had two owners and no busy error reached anyone.
/// Only demo databases are accepted: the drill adds agents and tickets of its own.
struct SoakCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak", abstract: "Concurrency and crash drills on a demo database (for tests).",
        subcommands: [SoakSetup.self, SoakWorker.self, SoakCheck.self])
}

/// What the workers share: the drill's agents, tickets and customers. Written by `setup`
/// next to the logs, read by every worker and by `check`.
struct SoakPlan: Codable {
    var agents: [String]
    var supervisors: [String]
    var tickets: [Int64]
    var customers: [Int64]

    static func load(_ path: String) throws -> SoakPlan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure.other("Cannot read the soak plan \(path); run `paydesk-dev soak setup` first")
        }
        return try JSONDecoder().decode(SoakPlan.self, from: data)
    }
}

struct SoakSetup: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "setup", abstract: "Add the drill's agents and tickets; write the plan.")
    @Option(help: "Demo database file.") var db: String
    @Option(help: "Where to write the plan (JSON).") var plan: String
    @Option(help: "Agents to add (one per worker process).") var agents: Int = 16
    @Option(help: "Tickets to fight over; few tickets mean many collisions.") var tickets: Int = 24
    @Option(help: "Customers to freeze and unfreeze.") var customers: Int = 8

    func run() throws {
        let store = try SupportStore(path: db, create: false)
        // `--as` works only on a demo database, so the drill can never touch a real one.
        let admin = try store.resolveActor(asLogin: "ops")
        var names: [String] = [], supervisors: [String] = []
        for i in 1...max(1, agents) {
            let login = String(format: "soak%02d", i)
            // Every fourth is a supervisor, so unfreeze requests always have a checker.
            let role: Role = i % 4 == 1 ? .supervisor : .agent
            if try store.agent(login: login) == nil {
                try store.addAgent(login: login, name: "Soak \(i)", role: role, by: admin)
            }
            names.append(login)
            if role == .supervisor { supervisors.append(login) }
        }
        var chosen: [Int64] = []
        var id: Int64 = 1
        while chosen.count < customers, id < 10_000 {
            if let c = try? store.customer(id: id), c.status == .active { chosen.append(c.id) }
            id += 1
        }
        guard !chosen.isEmpty else { throw CommandFailure.other("The demo database has no active customer") }
        var numbers: [Int64] = []
        for i in 0..<max(1, tickets) {
            let t = try store.createTicket(NewTicket(customerId: chosen[i % chosen.count], subject: "Soak ticket \(i + 1)",
                                                     body: "Saldo terpotong tapi pembayaran gagal (soak \(i + 1))",
                                                     category: .payment, channel: .appChat, tags: ["soak"]), by: nil)
            numbers.append(t.number)
        }
        let result = SoakPlan(agents: names, supervisors: supervisors, tickets: numbers, customers: chosen)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(result).write(to: URL(fileURLWithPath: plan))
        print("Soak plan \(plan): \(names.count) agents (\(supervisors.count) supervisors), \(numbers.count) tickets, \(chosen.count) customers.")
    }
}

struct SoakWorker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Work tickets as one agent until time is up; print every acknowledged write.",
        discussion: "stdout: `ack op=… ticket=… …` after each write the store committed; stderr: `error op=… kind=… msg=…` for each refusal.")
    @Option(help: "Demo database file.") var db: String
    @Option(help: "The plan written by `soak setup`.") var plan: String
    @Option(help: "Agent login to act as.") var login: String
    @Option(help: "How long to run.") var seconds: Double = 5
    @Option(help: "Keep going past the time until this many writes were acknowledged (for at most 120 s more): a slow or busy machine still runs the drill it was asked for.")
    var minAcks = 0
    @Option(help: "Random seed: the same seed makes the same choices.") var seed: UInt64 = 1
    @Flag(help: "Drive a headless console with keystrokes instead of calling the store.") var console = false
    @Option(help: "Work through the service on this socket (several, comma-separated: instances to fail over between) instead of opening the database.")
    var server: String?
    @Flag(help: "Only the ticket core (claim, release, note, status short of solved, drafts): what a PostgreSQL service runs.")
    var ticketCore = false

    func run() throws {
        let plan = try SoakPlan.load(plan)
        let client: SupportClient = if let server {
            RemoteClient(sockets: server.split(separator: ",").map(String.init), asLogin: login)
        } else {
            EmbeddedClient(store: try SupportStore(path: db, create: false), actingAs: login)
        }
        let actor = try client.whoAmI()
        let deadline = Date().addingTimeInterval(seconds)
        let lastStop = deadline.addingTimeInterval(120)
        let log = SoakLog()
        let started = Date()
        if console {
            var driver = try SoakConsoleDriver(client: client, actor: actor, plan: plan, seed: seed, log: log)
            while Self.goesOn(deadline, lastStop, log.acks, minAcks) { log.timed { driver.step() } }
        } else {
            var worker = SoakStoreWorker(client: client, actor: actor, plan: plan, seed: seed, log: log, ticketCore: ticketCore)
            while Self.goesOn(deadline, lastStop, log.acks, minAcks) { log.timed { worker.step() } }
        }
        log.out("done login=\(login) mode=\(console ? "console" : "cli") acks=\(log.acks) errors=\(log.errors) seconds=\(String(format: "%.2f", Date().timeIntervalSince(started))) \(log.latencySummary)")
    }

    static func goesOn(_ deadline: Date, _ lastStop: Date, _ acks: Int, _ minAcks: Int) -> Bool {
        let now = Date()
        return now < deadline || (acks < minAcks && now < lastStop)
    }
}

/// Unbuffered line output: an acknowledgement printed is one the process can no longer lose,
/// even to SIGKILL a moment later (the crash drill relies on it).
final class SoakLog {
    private(set) var acks = 0
    private(set) var errors = 0
    /// How long each operation took, in milliseconds: the wait an agent would feel.
    private var latencies: [Double] = []

    func timed<T>(_ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
        return try body()
    }

    /// `p50ms=… p99ms=… maxms=…` for the `done` line.
    var latencySummary: String {
        let sorted = latencies.sorted()
        guard !sorted.isEmpty else { return "p50ms=0 p99ms=0 maxms=0" }
        func at(_ q: Double) -> Int { Int(sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))].rounded()) }
        return "p50ms=\(at(0.5)) p99ms=\(at(0.99)) maxms=\(Int(sorted.last!.rounded()))"
    }

    func ack(_ op: String, _ fields: String) {
        acks += 1
        out("ack op=\(op) \(fields)")
    }

    func error(_ op: String, _ error: Error) {
        errors += 1
        let (kind, message): (String, String)
        if let e = error as? StoreError {
            kind = "\(e.kind)"; message = e.message
        } else {
            kind = "unexpected"; message = "\(error)"
        }
        put("error op=\(op) kind=\(kind) msg=\(message.replacingOccurrences(of: "\n", with: " "))\n", fd: STDERR_FILENO)
    }

    func out(_ line: String) { put(line + "\n", fd: STDOUT_FILENO) }

    private func put(_ text: String, fd: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { if errno == EINTR { continue } else { return } }
            bytes = bytes.dropFirst(n)
        }
    }
}

/// A failing drill can be rerun with its seed: SplitMix64 started one step on from it.
enum SoakRandom {
    static func seeded(_ seed: UInt64) -> SplitMix64 { SplitMix64(seed: seed &+ 0x9E37_79B9_7F4A_7C15) }
}

/// The command-line worker: calls the same store services the subcommands call.
struct SoakStoreWorker {
    let client: SupportClient
    let actor: Agent
    let plan: SoakPlan
    let log: SoakLog
    var rng: SplitMix64
    let seed: UInt64
    var owned: Set<Int64> = []
    var sequence = 0
    /// Replies, security actions and solving are left out (notes and drafts instead).
    let ticketCore: Bool

    init(client: SupportClient, actor: Agent, plan: SoakPlan, seed: UInt64, log: SoakLog, ticketCore: Bool = false) {
        self.client = client; self.actor = actor; self.plan = plan; self.log = log; self.seed = seed
        self.ticketCore = ticketCore
        rng = SoakRandom.seeded(seed)
    }

    var isSupervisor: Bool { actor.role.can(.approveRequests) }

    /// A token no other write carries, so `check` can find exactly this write again:
    /// `soak:LOGIN:SEED.SEQ` (crash rounds reuse logins with new seeds).
    mutating func token() -> String {
        sequence += 1
        return "soak:\(actor.login):\(seed).\(sequence)"
    }

    mutating func step() {
        let ticket = plan.tickets.randomElement(using: &rng)!
        let mine = owned.randomElement(using: &rng)
        let roll = Int.random(in: 0..<100, using: &rng)
        switch roll {
        case 0..<25: claim(ticket)
        case 25..<35: if let mine { release(mine) } else { claim(ticket) }
        case 35..<50: if let mine, !ticketCore { reply(mine) } else { note(ticket) }
        case 50..<58: note(ticket)
        case 58..<72: if let mine { status(mine) } else { claim(ticket) }
        case 72..<80: if ticketCore { note(ticket) } else { freeze() }
        case 80..<88: if ticketCore { draft(ticket) } else if isSupervisor { approve() } else { requestUnfreeze() }
        default: draft(ticket)
        }
    }

    mutating func claim(_ n: Int64) {
        do {
            let t = try client.claim(ticket: n)
            owned.insert(n)
            log.ack("claim", "ticket=\(n) version=\(t.version) by=\(actor.login)")
        } catch {
            log.error("claim", error)
        }
    }

    mutating func release(_ n: Int64) {
        do {
            let t = try client.release(ticket: n)
            owned.remove(n)
            log.ack("release", "ticket=\(n) version=\(t.version) by=\(actor.login)")
        } catch {
            forget(n, error)
            log.error("release", error)
        }
    }

    mutating func reply(_ n: Int64) {
        let body = token()
        do {
            let t = try client.reply(ticket: n, body: "Mohon tunggu \(body)")
            log.ack("reply", "ticket=\(n) version=\(t.version) by=\(actor.login) token=\(body)")
        } catch {
            forget(n, error)
            log.error("reply", error)
        }
    }

    mutating func note(_ n: Int64) {
        let body = token()
        do {
            let t = try client.note(ticket: n, body: "checked switch log \(body)")
            log.ack("note", "ticket=\(n) version=\(t.version) by=\(actor.login) token=\(body)")
        } catch {
            log.error("note", error)
        }
    }

    mutating func status(_ n: Int64) {
        let target = (ticketCore ? [TicketStatus.open, .pending, .onHold] : [.open, .pending, .onHold, .solved]).randomElement(using: &rng)!
        do {
            let t = try client.setStatus(ticket: n, to: target)
            log.ack("status", "ticket=\(n) version=\(t.version) by=\(actor.login) to=\(target.rawValue)")
        } catch {
            forget(n, error)
            log.error("status", error)
        }
    }

    mutating func freeze() {
        let c = plan.customers.randomElement(using: &rng)!
        do {
            let a = try client.freeze(customerId: c, reason: "soak: suspected takeover")
            log.ack("freeze", "customer=\(c) action=\(a.id) by=\(actor.login)")
        } catch {
            log.error("freeze", error)
        }
    }

    mutating func requestUnfreeze() {
        let c = plan.customers.randomElement(using: &rng)!
        do {
            let r = try client.requestUnfreeze(customerId: c, reason: "soak: customer verified")
            log.ack("request_unfreeze", "customer=\(c) request=\(r.id) by=\(actor.login)")
        } catch {
            log.error("request_unfreeze", error)
        }
    }

    mutating func approve() {
        do {
            let waiting = try client.approvals().filter { $0.requestedBy != actor.login && plan.customers.contains($0.customerId) }
            guard let request = waiting.randomElement(using: &rng) else { return }
            let r = try client.approve(requestId: request.id, reason: "soak: identity checked")
            log.ack("approve", "request=\(r.id) customer=\(r.customerId) by=\(actor.login)")
        } catch {
            log.error("approve", error)
        }
    }

    mutating func draft(_ n: Int64) {
        let body = token()
        do {
            try client.saveDraft(ticketNumber: n, kind: "reply", body: "draft \(body)")
            log.ack("draft", "ticket=\(n) by=\(actor.login) token=\(body)")
        } catch {
            log.error("draft", error)
        }
    }

    /// A refusal that says the ticket is no longer ours (a supervisor moved it) drops it.
    mutating func forget(_ n: Int64, _ error: Error) {
        if let e = error as? StoreError, e.kind == .forbidden || e.message.contains("not assigned") { owned.remove(n) }
    }
}
