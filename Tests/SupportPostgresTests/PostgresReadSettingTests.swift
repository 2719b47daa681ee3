import Foundation
import SupportPostgres
@testable import SupportStore
import Testing

/// A read's planner setting (`setLocal`, which pins the queue's pages) is held back and
/// sent with the read's BEGIN and first statement, in one write: it holds for the rest of
/// that read and not for the next read on the connection; a setting the server refuses
/// fails the read at its first statement (nothing was sent before), and the connection
/// serves the next read.
@Suite struct PostgresReadSettingTests {
    @Test func aSettingGoesWithTheReadsFirstStatementAndEndsWithTheRead() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        // One connection, so every read below goes through the same backend.
        let engine = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 1)
        let outcome = Result { () throws -> Void in
            let setting = "SELECT current_setting('enable_sort') AS value"
            let inside = try engine.reading { session -> String? in
                try session.setLocal("enable_sort = off")
                return try session.fetchValue(setting, as: String.self)
            }
            #expect(inside == "off")
            // After a statement the transaction is open: a setting then is sent at once.
            let later = try engine.reading { session -> [String?] in
                let before = try session.fetchValue(setting, as: String.self)
                try session.setLocal("enable_sort = off")
                return [before, try session.fetchValue(setting, as: String.self)]
            }
            #expect(later == ["on", "off"])
            #expect(try engine.reading { try $0.fetchValue(setting, as: String.self) } == "on")

            var reached: [String] = []
            let refused = Result {
                try engine.reading { session in
                    try session.setLocal("enable_sort = sometimes")
                    reached.append("after the setting")
                    _ = try session.fetchValue("SELECT 1 AS one", as: Int.self)
                    reached.append("after the first statement")
                }
            }
            #expect(reached == ["after the setting"])
            if case .success = refused { Issue.record("PostgreSQL took enable_sort = sometimes") }
            #expect(try engine.reading { try $0.fetchValue("SELECT 1 AS one", as: Int.self) } == 1)
            #expect(try engine.reading { try $0.fetchValue(setting, as: String.self) } == "on")
        }
        await engine.close()
        try outcome.get()
    }
}
