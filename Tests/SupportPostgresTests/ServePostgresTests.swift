import Foundation
import TestSupport
import SupportAPI
import SupportCore
import SupportPostgres
import SupportRemote
import SupportStore
import Synchronization
import Testing

/// `paydesk serve --store postgresql://…`, two instances on one database, driven by the
/// real command line: what one instance commits, the other's consoles hear, and the
/// other instance enforces (one owner); what PostgreSQL does not run yet is refused by
/// name, with exit code 6.
@Suite struct ServePostgresTests {
    struct Instance {
        let running: ProgramRun.Running
        let socket: String
    }

    static func serve(_ demo: MigratedDemo, socket: String) throws -> Instance {
        let running = try ProgramRun.start(PaydeskBinary.path, ["serve", "--store", demo.location.uri, "--audit-key", demo.keyPath,
                                                               "--socket", socket, "--log-level", "warning"])
        return Instance(running: running, socket: socket)
    }

    /// Polls until the instance answers a request (it migrates and listens first).
    static func waitUntilServing(_ instance: Instance) throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if (try? RemoteClient(socketPath: instance.socket, asLogin: "sari").whoAmI()) != nil { return }
            usleep(50_000)
        }
        kill(instance.running.pid, SIGTERM)
        let result = ProgramRun.wait(instance.running)
        throw ClusterError("the instance on \(instance.socket) never answered: \(result.output)")
    }

    static func paydesk(_ socket: String, as login: String, _ arguments: [String]) throws -> ProgramRun.Result {
        try ProgramRun.run(PaydeskBinary.path, arguments + ["--server", socket, "--as", login])
    }

    @Test func aClaimThroughOneInstanceReachesTheOthersConsolesAndIsEnforcedThere() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let a = try Self.serve(demo, socket: demo.source.dir.appendingPathComponent("a.sock").path)
        let b = try Self.serve(demo, socket: demo.source.dir.appendingPathComponent("b.sock").path)
        var stopped = false
        defer {
            if !stopped { for instance in [a, b] { kill(instance.running.pid, SIGKILL); _ = ProgramRun.wait(instance.running) } }
        }
        try Self.waitUntilServing(a)
        try Self.waitUntilServing(b)

        // A console on instance B, listening.
        let feed = try RemoteClient(socketPath: b.socket, asLogin: "dewi").changeFeed()
        defer { feed.close() }
        // The console's loop sleeps on its terminal; the feed wakes it when a change arrives.
        let wakes = Mutex(0)
        feed.onArrival { wakes.withLock { $0 += 1 } }

        let list = try Self.paydesk(a.socket, as: "budi", ["ticket", "list", "--queue", "unassigned", "--limit", "1", "--json"])
        #expect(list.status == 0, "\(list.output)")
        let rows = try JSONDecoder().decode([[String: JSONValue]].self, from: Data(list.stdout.utf8))
        guard case .number(let found)? = rows.first?["number"] else { Issue.record("no unassigned ticket: \(list.output)"); return }
        let n = Int64(found)
        let id = try RemoteClient(socketPath: a.socket, asLogin: "budi").ticket(number: n).id

        let claim = try Self.paydesk(a.socket, as: "budi", ["ticket", "claim", String(n)])
        let committed = ContinuousClock.now
        #expect(claim.status == 0, "\(claim.output)")
        var heard: ChangeSet?
        while heard == nil && ContinuousClock.now - committed < .seconds(5) {
            if let change = feed.poll(), change.tickets.contains(id) || change.tickets.contains(n) { heard = change } else { usleep(2_000) }
        }
        let delay = ContinuousClock.now - committed
        print("serve --store: a claim through A reached a console on B \(delay) after the command exited")
        #expect(heard != nil, "B's console never heard of the claim")
        #expect(wakes.withLock { $0 } > 0, "the change arrived without waking the console")

        // B enforces the owner A recorded, in the SQLite store's words.
        let second = try Self.paydesk(b.socket, as: "dewi", ["ticket", "claim", String(n)])
        #expect(second.status == 5)
        #expect(second.stderr.contains("already claimed by budi"), "\(second.output)")
        let note = try Self.paydesk(b.socket, as: "budi", ["ticket", "note", String(n), "--body", "Refund reference sent by SMS."])
        #expect(note.status == 0, "\(note.output)")
        let shown = try Self.paydesk(a.socket, as: "sari", ["ticket", "show", String(n)])
        #expect(shown.status == 0, "\(shown.output)")
        #expect(shown.stdout.contains("assignee budi"))
        #expect(shown.stdout.contains("Refund reference sent by SMS."))

        // Reports run on PostgreSQL too, and either instance answers alike.
        let backlogA = try Self.paydesk(a.socket, as: "sari", ["report", "backlog"])
        let backlogB = try Self.paydesk(b.socket, as: "sari", ["report", "backlog"])
        #expect(backlogA.status == 0, "\(backlogA.output)")
        #expect(!backlogA.stdout.isEmpty && backlogA.stdout == backlogB.stdout, "\(backlogA.output)\n\(backlogB.output)")

        // A dies (kill -9). A client given both instances goes on through B; a console
        // listening on A reconnects to B, rereads everything, then hears B's commits.
        // (The client is made after the kill: one holding a kept-alive connection to A would
        // rightly report a request on it as possibly done, not move on silently.)
        let console = try RemoteClient(sockets: [a.socket, b.socket], asLogin: "sari").changeFeed()
        defer { console.close() }
        kill(a.running.pid, SIGKILL)
        _ = ProgramRun.wait(a.running)
        let both = RemoteClient(sockets: [a.socket, b.socket], asLogin: "budi")
        #expect(both.socketPath == a.socket)
        let released = try both.release(ticket: n)
        #expect(released.assigneeId == nil)
        #expect(both.socketPath == b.socket)
        var reread = false, heardRelease = false
        let deadline = ContinuousClock.now + .seconds(10)
        while !(reread && heardRelease) && ContinuousClock.now < deadline {
            if let change = console.poll() {
                reread = reread || change.everything
                if change.everything && !heardRelease {
                    // Anything after the reconnection is heard: claim it back through B.
                    _ = try both.claim(ticket: n)
                }
                heardRelease = heardRelease || (reread && (change.tickets.contains(n) || change.tickets.contains(id)))
            } else {
                usleep(5_000)
            }
        }
        #expect(reread, "the console on A never reconnected to B")
        #expect(heardRelease, "after reconnecting, the console did not hear B's commit")

        // B stops cleanly on SIGTERM; the chain both instances wrote verifies.
        kill(b.running.pid, SIGTERM)
        #expect(ProgramRun.wait(b.running).status == 0)
        stopped = true
        let store = try await demo.open(connections: 1)
        let records = try await store.pool.rowCount("audit_log")
        #expect(try await store.verifyAuditChain() == .ok(records: Int(records)))
        await store.close()
    }
}

/// A JSON value, enough to read a number out of the command line's output.
enum JSONValue: Decodable {
    case number(Double), text(String), other
    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Double.self) { self = .number(n) } else if let s = try? c.decode(String.self) { self = .text(s) } else { self = .other }
    }
}
