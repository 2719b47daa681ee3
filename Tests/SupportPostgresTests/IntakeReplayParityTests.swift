import Foundation
import SupportCore
import SupportPostgres
import SupportStore
import Testing

/// Intake's crash guarantee on both stores (SQLite takes many contacts a transaction,
/// PostgreSQL one): a database failure at contact N keeps contacts 0…N-1 once each and
/// nothing after, and a rerun of the same file imports the rest once.
@Suite struct IntakeReplayParityTests {
    static let count = 60, failing = 41

    /// `count` contacts of two new customers as a JSON-lines export, a second apart.
    static func export() throws -> (path: String, dir: URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pd-intake-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let lines = (0..<count).map { i in
            let at = TimeText.iso8601(EngineParityTests.now.addingTimeInterval(Double(i - 3_600)))
            return #"{"id":"replay-\#(i)","at":"\#(at)","email":"replay\#(i % 2)@example.com","subject":"Saldo","body":"Pesan ulang \#(i).","category":"payment"}"#
        }
        let path = dir.appendingPathComponent("chats.jsonl").path
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        return (path, dir)
    }

    static func failingTrigger(_ e: any StoreEngine, on: Bool) throws {
        try e.writing { db in
            if db.dialect == .postgresql {
                if on {
                    try db.run("""
                        CREATE FUNCTION intake_boom() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN IF NEW.source_id = 'replay-\(failing)' THEN RAISE EXCEPTION 'disk trouble'; END IF; RETURN NEW; END $$
                        """, [])
                    try db.run("CREATE TRIGGER boom BEFORE INSERT ON intake_messages FOR EACH ROW EXECUTE FUNCTION intake_boom()", [])
                } else {
                    try db.run("DROP TRIGGER boom ON intake_messages", [])
                }
            } else if on {
                try db.run("""
                    CREATE TRIGGER boom BEFORE INSERT ON intake_messages WHEN NEW.source_id = 'replay-\(failing)'
                    BEGIN SELECT RAISE(ABORT, 'disk trouble'); END
                    """, [])
            } else {
                try db.run("DROP TRIGGER boom", [])
            }
        }
    }

    /// The contacts imported (their numbers, in order) and how many times each one's text
    /// is in the timeline.
    static func imported(_ e: any StoreEngine) throws -> String {
        let numbers = try e.reading { db in
            try db.fetchValues("SELECT source_id FROM intake_messages WHERE source_id LIKE 'replay-%'", [], as: String.self)
        }.compactMap { Int($0.dropFirst("replay-".count)) }.sorted()
        let copies = try e.reading { db in
            try db.fetchValues("SELECT COUNT(*) AS n FROM ticket_events WHERE body LIKE 'Pesan ulang %' GROUP BY body", [],
                               as: Int64.self)
        }
        return "imported \(numbers.map(String.init).joined(separator: ",")); timeline copies \(Set(copies).sorted())"
    }

    static func runRecords(_ e: any StoreEngine) throws -> [String] {
        try e.reading { db in
            try db.fetchValues("SELECT after FROM audit_log WHERE action = 'intake.run' ORDER BY id", [], as: String.self)
        }
    }

    static func script(_ e: any StoreEngine, export path: String) throws -> [String] {
        let ops = try #require(try e.agent(login: "ops"))
        let runsBefore = try runRecords(e).count
        try e.writing { db in
            for i in 0..<2 {
                try db.run("""
                    INSERT INTO customers (wallet_id, name, phone, email, kyc_level, status, two_factor, balance, currency,
                                           daily_limit, created_at)
                    VALUES (?, ?, ?, ?, 2, 'active', 0, 0, 'IDR', 1000000000, ?)
                    """, ["WLT-R000000\(i)", "Replay \(i)", "+6289900000\(i)0", "replay\(i)@example.com", e.now])
            }
        }
        let batch = try IntakeReader.read(path: path, format: .jsonl, defaults: IntakeDefaults(), now: EngineParityTests.now)
        var log: [String] = []
        try failingTrigger(e, on: true)
        do {
            _ = try e.importContacts(batch, channel: .appChat, by: ops)
            log.append("the failing run went through")
        } catch let error as StoreError {
            log.append("stopped at \(error.message.components(separatedBy: "Intake stopped at ").last ?? "?")")
        }
        log.append(try imported(e))
        try failingTrigger(e, on: false)
        log.append("rerun: " + (try e.importContacts(batch, channel: .appChat, by: ops).summary))
        log.append(try imported(e))
        log.append("run records: " + (try runRecords(e)).dropFirst(runsBefore).joined(separator: " | "))
        return log
    }

    @Test func aFailureAtContactNKeepsTheOnesBeforeItOnceAndARerunImportsTheRestOnce() async throws {
        let (path, dir) = try Self.export()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (sqlite, postgres) = try await EngineParityTests.run { try Self.script($0, export: path) }
        EngineParityTests.expectSame(sqlite, postgres)
        let all = (0..<Self.count).map(String.init).joined(separator: ",")
        let before = (0..<Self.failing).map(String.init).joined(separator: ",")
        #expect(sqlite.count == 5)
        #expect(sqlite.first?.hasPrefix("stopped at line \(Self.failing + 1) of ") == true)
        #expect(sqlite.dropFirst().first == "imported \(before); timeline copies [1]")
        #expect(sqlite.dropFirst(2).first == "rerun: created 0, threaded \(Self.count - Self.failing), duplicates \(Self.failing), rejected 0")
        #expect(sqlite.dropFirst(3).first == "imported \(all); timeline copies [1]")
        #expect(sqlite.last == "run records: created 0, threaded \(Self.count - Self.failing), duplicates \(Self.failing), rejected 0")
    }
}
