import Foundation
import SupportCore
import Testing
@testable import SupportStore

/// Issue 17, finding 10, the store's side: an accepted filter stays cheap. Excluded tags
/// collapse into one NOT EXISTS, so sixteen `-tag:` terms cost one index probe per row.
@Suite struct FilterCostTests {
    @Test func negatedTagTermsCompileToOneProbeWithTheSameAnswer() throws {
        let t = try TempStore(demo: true)
        let sari = try t.agent("sari")
        let tags = try t.store.pool.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT tag FROM ticket_tags ORDER BY tag LIMIT 3") }
        #expect(tags.count >= 2)
        func count(_ text: String) throws -> Int {
            let q = try QueryParser.parse(text, schema: .tickets, now: TempStore.fixedNow, timeZone: TimeText.zone)
            return try t.store.queueCount(QueueSpec(view: .all, query: q, actor: sari))
        }
        let separate = tags.map { "-tag:\($0)" }.joined(separator: " ")
        let together = "-tag:" + tags.joined(separator: ",")
        #expect(try count(separate) == count(together))
        #expect(try count(separate) < count(""))

        let q = try QueryParser.parse((1...16).map { "-tag:x\($0)" }.joined(separator: " "), schema: .tickets,
                                      now: TempStore.fixedNow, timeZone: TimeText.zone)
        let sql = QueryCompiler.tickets(q, actorId: sari.id, now: TempStore.fixedNow.epoch).sql
        #expect(sql.components(separatedBy: "EXISTS").count - 1 == 1, "\(sql)")
        let started = Date()
        _ = try t.store.queueCount(QueueSpec(view: .all, query: q, actor: sari))
        #expect(Date().timeIntervalSince(started) < 2)
    }
}
