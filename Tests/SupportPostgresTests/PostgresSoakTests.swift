import Foundation
import TestSupport
import SupportPostgres
import SupportStore
import Testing

/// Two `serve --store` instances on one PostgreSQL database, sixteen command-line clients
/// working the same 24 tickets through them (half given A then B, half B then A), and
/// instance A killed with SIGKILL half-way: its clients carry on through B. Then
/// `paydesk-dev soak check` proves on the database that no acknowledged write was lost,
/// no ticket ever had two owners and the audit chain both instances wrote verifies.
/// `PAYDESK_PG_SOAK_SECONDS` sets the length (default 20; `make soak-postgres` runs 60).
@Suite struct PostgresSoakTests {
    static var devBinary: String {
        (PaydeskBinary.path as NSString).deletingLastPathComponent + "/paydesk-dev"
    }

    @Test func sixteenClientsOnTwoInstancesOneKilledLoseNothing() async throws {
        let seconds = Double(ProcessInfo.processInfo.environment["PAYDESK_PG_SOAK_SECONDS"] ?? "") ?? 20
        let source = try DemoSource()
        defer { source.remove() }
        let dir = source.dir, logs = source.dir.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let plan = dir.appendingPathComponent("plan.json").path
        let setup = try ProgramRun.run(Self.devBinary, ["soak", "setup", "--db", source.path, "--plan", plan, "--agents", "16"])
        try #require(setup.status == 0, "\(setup.output)")
        let location = try await PostgresCluster.freshDatabase()
        let pool = PostgresPool(location, maximumConnections: 2)
        let copied = try await SQLiteImport(source: source.store, target: pool).run()
        await pool.close()
        try #require(copied.isComplete)
        let demo = MigratedDemo(source: source, location: location)

        let a = try ServePostgresTests.serve(demo, socket: dir.appendingPathComponent("a.sock").path)
        let b = try ServePostgresTests.serve(demo, socket: dir.appendingPathComponent("b.sock").path)
        var bAlive = true
        defer {
            kill(a.running.pid, SIGKILL); _ = ProgramRun.wait(a.running)
            if bAlive { kill(b.running.pid, SIGKILL); _ = ProgramRun.wait(b.running) }
        }
        try ServePostgresTests.waitUntilServing(a)
        try ServePostgresTests.waitUntilServing(b)

        var workers: [(String, ProgramRun.Running)] = []
        for i in 1...16 {
            let login = String(format: "soak%02d", i)
            let servers = i % 2 == 0 ? "\(a.socket),\(b.socket)" : "\(b.socket),\(a.socket)"
            workers.append((login, try ProgramRun.start(Self.devBinary, [
                "soak", "worker", "--db", source.path, "--plan", plan, "--login", login, "--seconds", String(seconds),
                "--seed", String(i), "--server", servers, "--ticket-core"])))
        }
        // Half-way, instance A dies without a word.
        let halfway = ContinuousClock.now + .milliseconds(Int(seconds * 500))
        while ContinuousClock.now < halfway { usleep(50_000) }
        kill(a.running.pid, SIGKILL)
        for (login, running) in workers {
            let result = ProgramRun.wait(running)
            try result.stdout.write(to: logs.appendingPathComponent("\(login).out"), atomically: true, encoding: .utf8)
            try result.stderr.write(to: logs.appendingPathComponent("\(login).err"), atomically: true, encoding: .utf8)
            #expect(result.status == 0, "\(login): \(result.stderr.suffix(400))")
        }
        kill(b.running.pid, SIGTERM)
        bAlive = false
        #expect(ProgramRun.wait(b.running).status == 0, "B did not stop cleanly")

        let check = try ProgramRun.run(Self.devBinary, [
            "soak", "check", "--db", source.path, "--plan", plan, "--logs", logs.path,
            "--store", location.uri, "--audit-key", demo.keyPath, "--crash", "--service-killed"])
        print(check.stdout)
        #expect(check.status == 0, "\(check.stdout.suffix(1500)) \(check.stderr.prefix(1500))")
        #expect(check.stdout.contains("soak check: passed"))
        // Not vacuous: many writes were acknowledged, through both instances' lifetimes.
        let acknowledged = check.stdout.split(separator: "\n").first { $0.hasPrefix("acknowledged writes: ") }
        let count = acknowledged.flatMap { Int($0.dropFirst("acknowledged writes: ".count).prefix { $0.isNumber }) } ?? 0
        #expect(count > 200, "only \(count) acknowledged writes")
    }
}
