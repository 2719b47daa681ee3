import Foundation
import SupportCore
import SupportPostgres
import SupportStore
import Testing

/// A ticket's SLA inputs are read in one statement (`clockInputs`): the policies, the
/// holidays and the ticket's pauses must be exactly what their own statements read, the
/// pauses in order, for tickets paused never, once and many times, open or not; on both
/// stores, with the same answers.
@Suite struct ClockInputsParityTests {
    static func script(_ e: any StoreEngine) throws -> [String] {
        let sari = try #require(try e.agent(login: "sari"))
        let numbers = try e.reading { db in
            try db.fetchValues("SELECT number FROM tickets WHERE status IN ('new','open') ORDER BY number LIMIT 10", as: Int64.self)
        }
        try #require(numbers.count == 10)
        // Paused i times each (pending, then open again), the last one left paused.
        for (i, number) in numbers.enumerated() {
            for _ in 0..<(i % 4) {
                try e.setStatus(ticket: number, to: .pending, by: sari)
                try e.setStatus(ticket: number, to: .open, by: sari)
            }
            if i == 9 { try e.setStatus(ticket: number, to: .pending, by: sari) }
        }
        var log: [String] = []
        try e.reading { db in
            // The plain statement in the order of the policies' ids: the first that fits is taken.
            let ids = try db.fetchValues("SELECT id FROM sla_policies", [], as: Int64.self)
            let policies = try type(of: e).policies(db), calendar = try type(of: e).calendar(db)
            let byId = zip(ids, policies).sorted { $0.0 < $1.0 }.map(\.1)
            #expect(ids.count == policies.count)
            #expect(!calendar.holidays.isEmpty, "the demo has holidays to read")
            for number in numbers {
                let id = try #require(try db.fetchValue("SELECT id FROM tickets WHERE number = ?", [number], as: Int64.self))
                let (rules, pauses) = try type(of: e).clockInputs(db, ticketId: id)
                let own = try db.fetchRows("SELECT started_at, ended_at FROM ticket_pauses WHERE ticket_id = ? ORDER BY started_at", [id])
                    .map { "\($0["started_at"] as Int64)-\(($0["ended_at"] as Int64?).map(String.init) ?? "open")" }
                let one = pauses.map { "\($0.start.epoch)-\($0.end.map { String($0.epoch) } ?? "open")" }
                #expect(one == own, "#\(number): \(one) against \(own)")
                #expect(rules.policies == byId, "#\(number): the policies, in order")
                #expect(rules.calendar == calendar, "#\(number): the calendar")
                log.append("#\(number) \(one) \(rules.policies.count) policies \(rules.calendar.holidays.count) holidays")
            }
        }
        return log
    }

    @Test func oneStatementReadsWhatTheThreeDidOnBothStores() async throws {
        let (onSQLite, onPostgres) = try await EngineParityTests.run(Self.script)
        EngineParityTests.expectSame(onSQLite, onPostgres)
        #expect(onSQLite.contains { $0.contains("-open") }, "a ticket left paused: \(onSQLite)")
    }
}
