import ArgumentParser
import Foundation
import SupportCore
import SupportPostgres
import SupportStore

/// `paydesk-dev soak check`: reads the workers' logs and the database and proves the drill's
/// promises. Exits 1 with one line per broken promise.
///
/// - The file is healthy (`PRAGMA integrity_check`) and the audit chain verifies.
/// - No worker saw a busy or locked error, an unexpected error, or died with a message.
/// - Every ticket starts with the customer's message (no half-created ticket).
/// - Ownership: replaying each ticket's assignment events never claims an owned ticket or
///   releases someone else's, and ends at the ticket's owner; acknowledged claims (with
///   their versions) never overlap without a release between them.
/// - Every acknowledged write is there: claims, releases and status changes in the audit
///   log, replies and notes on the timeline (by their unique token), security actions and
///   approvals in `security_actions`, the last saved draft of each agent and ticket.
/// With `--crash`, processes were killed: commits they never got to acknowledge are fine.
struct SoakCheck: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Verify a drill's logs against the database.")
    @Option(help: "Demo database file (or, with --store, the SQLite file the PostgreSQL copy came from).") var db: String
    @Option(help: "Check this PostgreSQL database instead (postgresql://…), with --audit-key.") var store: String?
    @Option(help: "With --store: the audit key its chain is signed with.") var auditKey: String?
    @Option(help: "The plan written by `soak setup`.") var plan: String
    @Option(help: "Folder of worker logs: NAME.out (acknowledgements) and NAME.err (errors).") var logs: String
    @Flag(help: "Workers were killed: allow writes that were committed but never acknowledged.") var crash = false
    @Flag(help: "The service was killed (with --crash): any worker's write in flight then may lack its acknowledgement.")
    var serviceKilled = false

    func run() throws {
        let plan = try SoakPlan.load(plan)
        var (check, close) = try verifier(plan)
        defer { close() }
        try check.readLogs(logs)
        try check.verify()
        for line in check.summary { print(line) }
        guard check.problems.isEmpty else {
            for p in check.problems.prefix(40) { print("FAIL: \(p)") }
            throw CommandFailure.other("soak check failed: \(check.problems.count) problem(s)")
        }
        print("soak check: passed")
    }

    /// The SQLite file, or the PostgreSQL database several instances served: the same
    /// promises, read through the same services.
    func verifier(_ plan: SoakPlan) throws -> (SoakVerifier, close: () -> Void) {
        guard let store else {
            let sqlite = try SupportStore(path: db, create: false)
            return (SoakVerifier(store: sqlite, plan: plan, crash: crash, serviceKilled: serviceKilled) {
                var problems: [String] = []
                let integrity = try sqlite.integrityCheck()
                if integrity != "ok" { problems.append("integrity_check: \(integrity)") }
                if case .broken(let id, let why) = try sqlite.verifyAuditChain() { problems.append("audit record \(id) is broken: \(why)") }
                return problems
            }, {})
        }
        guard let auditKey else { throw CommandFailure.other("--store needs --audit-key") }
        let engine = try Blocking.wait { try await PostgresEngine.open(try PostgresLocation(parsing: store), auditKeyPath: auditKey) }
        return (SoakVerifier(store: engine, plan: plan, crash: crash, serviceKilled: serviceKilled) {
            if case .broken(let id, let why) = try Blocking.wait({ try await engine.store.verifyAuditChain() }) {
                return ["audit record \(id) is broken: \(why)"]
            }
            return []
        }, { _ = try? Blocking.wait { await engine.close() } })
    }
}

/// Waits on this (synchronous command's) thread for async work.
enum Blocking {
    static func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { box.set(.success(try await body())) } catch { box.set(.failure(error)) }
            done.signal()
        }
        done.wait()
        return try box.get()
    }

    final class ResultBox<T>: @unchecked Sendable {
        private var result: Result<T, Error>?
        private let lock = NSLock()
        func set(_ r: Result<T, Error>) { lock.lock(); result = r; lock.unlock() }
        func get() throws -> T { lock.lock(); defer { lock.unlock() }; return try result!.get() }
    }
}

struct SoakAck {
    var op: String
    var fields: [String: String]
    var file: Int
    func int(_ key: String) -> Int64? { fields[key].flatMap { Int64($0) } }
}

struct SoakVerifier {
    let store: any StoreEngine
    let plan: SoakPlan
    let crash: Bool
    /// The service, not a worker, was killed: every worker survived, yet a write of any of
    /// them in flight at the kill may have committed without its answer.
    let serviceKilled: Bool
    /// The database's own health: integrity (SQLite) and the audit chain.
    let health: () throws -> [String]
    var acks: [SoakAck] = []
    var errorKinds: [String: Int] = [:]
    var seconds = 0.0
    var workers = 0
    var slowest = 0
    /// Logs (by file index) of workers that reported `done`, that is, were not killed.
    var finished: Set<Int> = []
    var seedFile: [String: Int] = [:]
    var problems: [String] = []
    var summary: [String] = []

    init(store: any StoreEngine, plan: SoakPlan, crash: Bool, serviceKilled: Bool = false,
         health: @escaping () throws -> [String]) {
        self.store = store; self.plan = plan; self.crash = crash; self.serviceKilled = serviceKilled; self.health = health
    }

    static func fields(_ line: Substring) -> [String: String] {
        var result: [String: String] = [:]
        var rest = line[...]
        while let eq = rest.firstIndex(of: "=") {
            let key = String(rest[..<eq]).trimmingCharacters(in: .whitespaces)
            let afterEq = rest.index(after: eq)
            if key == "msg" { result[key] = String(rest[afterEq...]); break }
            let end = rest[afterEq...].firstIndex(of: " ") ?? rest.endIndex
            result[key] = String(rest[afterEq..<end])
            rest = rest[end...]
        }
        return result
    }

    mutating func readLogs(_ folder: String) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        for (index, name) in names.enumerated() {
            let path = (folder as NSString).appendingPathComponent(name)
            // Empty logs (a worker with no refusals) are skipped: reading an empty file leaks
            // 4 KiB in swift-foundation, which LeakSanitizer reports (scripts/lsan.supp).
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let text = size == 0 ? "" : (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                if name.hasSuffix(".out") {
                    if line.hasPrefix("ack ") {
                        var f = Self.fields(line.dropFirst(4))
                        let op = f.removeValue(forKey: "op") ?? "?"
                        acks.append(SoakAck(op: op, fields: f, file: index))
                    } else if line.hasPrefix("done ") {
                        workers += 1
                        finished.insert(index)
                        let f = Self.fields(line.dropFirst(5))
                        seconds = max(seconds, Double(f["seconds"] ?? "") ?? 0)
                        slowest = max(slowest, Int(f["maxms"] ?? "") ?? 0)
                    }
                } else if name.hasSuffix(".err") {
                    guard line.hasPrefix("error ") else {
                        problems.append("\(name): unexpected output: \(line.prefix(200))")
                        continue
                    }
                    let f = Self.fields(line.dropFirst(6))
                    let kind = f["kind"] ?? "?"
                    errorKinds[kind, default: 0] += 1
                    let msg = (f["msg"] ?? "").lowercased()
                    if msg.contains("busy") || msg.contains("locked") || kind == "busy" {
                        problems.append("\(name): a busy/locked error reached the agent: \(line.prefix(200))")
                    } else if kind == "unsupported" {
                        problems.append("\(name): the worker asked for something this store does not run: \(line.prefix(200))")
                    } else if kind == "unexpected" {
                        problems.append("\(name): an unexpected error: \(line.prefix(200))")
                    }
                }
            }
        }
    }

    mutating func verify() throws {
        problems += try health()
        var logins: [Int64: String] = [:]
        for a in try store.agents() { logins[a.id] = a.login }
        for n in plan.tickets { try verifyTicket(n, logins: logins) }
        try verifySecurity()
        try verifyDrafts()
        var byOp: [String: Int] = [:]
        for a in acks { byOp[a.op, default: 0] += 1 }
        let rate = seconds > 0 ? Double(acks.count) / seconds : 0
        summary.append("acknowledged writes: \(acks.count) (\(byOp.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))")
        summary.append("refusals: \(errorKinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        if workers > 0 {
            summary.append("workers: \(workers); \(String(format: "%.1f", seconds)) s; \(String(format: "%.0f", rate)) acknowledged writes/s; slowest step \(slowest) ms")
        }
    }

    mutating func verifyTicket(_ n: Int64, logins: [Int64: String]) throws {
        let label = TicketNumber.format(n)
        let ticket = try store.ticket(number: n)
        let events = try store.timeline(ticketNumber: n)
        if events.first?.kind != .customerMessage { problems.append("\(label) does not start with the customer's message") }
        // Replay the assignment history the timeline recorded.
        var owner: String?
        for e in events where e.kind == .assignment {
            let words = e.body.split(separator: " ").map(String.init)
            if e.body.hasPrefix("claimed by "), words.count >= 3 {
                if let owner { problems.append("\(label): claimed by \(words[2]) while \(owner) owned it (event \(e.id))") }
                owner = words[2]
            } else if e.body.hasPrefix("released by ") {
                let was = e.body.components(separatedBy: "(was ").last?.dropLast() ?? ""
                if owner != String(was) { problems.append("\(label): released from \(was) but the owner was \(owner ?? "nobody") (event \(e.id))") }
                owner = nil
            } else if e.body.hasPrefix("given to "), words.count >= 3 {
                owner = words[2]
            } else if e.body.hasPrefix("stolen from "), words.count >= 5 {
                owner = words[4].hasSuffix(":") ? String(words[4].dropLast()) : words[4]
            }
        }
        let final = ticket.assigneeId.flatMap { logins[$0] }
        if owner != final { problems.append("\(label): the timeline ends with owner \(owner ?? "nobody") but the ticket is assigned to \(final ?? "nobody")") }

        let mine = acks.filter { $0.int("ticket") == n }
        // Acknowledged claims in version order: a second claim needs a release in between,
        // unless the holder was killed, or the service while the release was in flight (a
        // release committed but never reported; the replay above still proves the database
        // never had two owners).
        var holder: SoakAck?
        for a in mine.filter({ ($0.op == "claim" || $0.op == "release") && $0.int("version") != nil })
            .sorted(by: { $0.int("version")! < $1.int("version")! }) {
            if a.op == "claim" {
                if let holder, !(crash && (serviceKilled || !finished.contains(holder.file))) {
                    problems.append("\(label): \(a.fields["by"] ?? "?") was told it claimed v\(a.int("version")!) while \(holder.fields["by"] ?? "?") held it")
                }
                holder = a
            } else {
                holder = nil
            }
        }
        // Every acknowledged change is in the audit log, as many times as acknowledged.
        let audit = try store.auditRecords(entity: "ticket", entityId: String(n), limit: 1_000_000)
        for (op, action) in [("claim", "ticket.claim"), ("release", "ticket.release"), ("reply", "ticket.reply"),
                             ("note", "ticket.note"), ("status", "ticket.status")] {
            var acked: [String: Int] = [:], stored: [String: Int] = [:]
            for a in mine where a.op == op { acked["\(a.fields["by"] ?? "?") \(a.fields["to"] ?? "")", default: 0] += 1 }
            for r in audit where r.action == action {
                let to = op == "status" ? (r.after ?? "").replacingOccurrences(of: "status=", with: "") : ""
                stored["\(r.actor) \(to)", default: 0] += 1
            }
            for (key, count) in acked {
                let have = stored[key] ?? 0
                if have < count || (!crash && have > count) {
                    problems.append("\(label): \(count) acknowledged \(op) by \(key) but \(have) in the audit log")
                }
            }
        }
        let bodies = Set(events.filter { $0.kind == .reply || $0.kind == .note }.map { "\($0.kind.rawValue) \($0.author) \($0.body.split(separator: " ").last ?? "")" })
        for a in mine where a.op == "reply" || a.op == "note" {
            let key = "\(a.op) \(a.fields["by"] ?? "?") \(a.fields["token"] ?? "?")"
            if !bodies.contains(key) { problems.append("\(label): acknowledged \(a.op) \(a.fields["token"] ?? "?") is missing") }
        }
    }

    mutating func verifySecurity() throws {
        for a in acks where ["freeze", "request_unfreeze", "approve"].contains(a.op) {
            let id = a.int(a.op == "freeze" ? "action" : "request") ?? -1
            guard let record = try? (store as? SupportStore)?.securityAction(id: id) else {
                problems.append("acknowledged \(a.op) #\(id) by \(a.fields["by"] ?? "?") is missing")
                continue
            }
            switch a.op {
            case "freeze":
                if record.kind != .freeze || record.requestedBy != a.fields["by"] { problems.append("freeze #\(id) does not match its acknowledgement") }
            case "request_unfreeze":
                if record.kind != .unfreeze || record.requestedBy != a.fields["by"] { problems.append("request #\(id) does not match its acknowledgement") }
            default:
                if record.state != .approved || record.decidedBy != a.fields["by"] { problems.append("approval of #\(id) by \(a.fields["by"] ?? "?") is not recorded") }
            }
        }
        for c in plan.customers {
            let history = try store.securityHistory(customerId: c, limit: 1_000_000)
            for r in history where r.decidedBy != nil && r.decidedBy == r.requestedBy {
                problems.append("request #\(r.id) was decided by its own requester \(r.requestedBy)")
            }
            // An unfreeze request can only wait while the account is frozen.
            if history.contains(where: { $0.kind == .unfreeze && $0.state == .pendingApproval }),
               try store.customer(id: c).status != .frozen {
                problems.append("customer \(c) has a waiting unfreeze request but is not frozen")
            }
        }
    }

    /// The draft stored for each agent and ticket is the last one acknowledged, or one
    /// written after it that the killed worker never got to acknowledge.
    mutating func verifyDrafts() throws {
        var last: [String: SoakAck] = [:]
        for a in acks where a.op == "draft" { last["\(a.fields["ticket"] ?? "") \(a.fields["by"] ?? "")"] = a }
        var agents: [String: Agent] = [:]
        for a in try store.agents() { agents[a.login] = a }
        for (key, ack) in last {
            guard let n = ack.int("ticket"), let login = ack.fields["by"], let agent = agents[login],
                  let token = ack.fields["token"] else { continue }
            guard let stored = try store.draft(ticketNumber: n, agent: agent) else {
                problems.append("the draft acknowledged as \(token) (\(key)) is gone")
                continue
            }
            let storedToken = String(stored.body.split(separator: " ").last ?? "")
            if storedToken != token && !(crash && Self.isLater(storedToken, than: token)) {
                problems.append("draft \(key) holds \(storedToken), not the acknowledged \(token)")
            }
        }
    }

    /// Tokens are `soak:LOGIN:SEED.SEQ`; a later write of the same worker has a higher SEQ,
    /// and a later round of the crash drill a higher SEED.
    static func isLater(_ a: String, than b: String) -> Bool {
        func parts(_ t: String) -> (Int, Int)? {
            guard let last = t.split(separator: ":").last else { return nil }
            let p = last.split(separator: ".").compactMap { Int($0) }
            return p.count == 2 ? (p[0], p[1]) : nil
        }
        guard let x = parts(a), let y = parts(b) else { return false }
        return x > y
    }
}
