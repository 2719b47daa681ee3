import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// Issue 17, finding 12: the smaller items, each in the service that owns the rule.
@Suite struct SmallFindingsTests {
    private func refusals(_ t: TempStore) throws -> [AuditRecord] {
        try t.store.auditRecords(limit: 1_000).filter { $0.action.hasPrefix("refused:") }
    }

    @Test func autocloseDaysOverflowIsAUsageErrorNotATrap() throws {
        let t = try TempStore()
        let c = try t.cast()
        for days in [999_999_999_999_999, Int.max, 0, -4, 3_651] {
            let error = refusal { _ = try t.store.autoCloseSolved(afterDays: days, by: c.sup) }
            #expect(error?.kind == .invalid && error?.message == "--days must be between 1 and 3650.", "\(days)")
            #expect(refusal { _ = try t.store.autoCloseSolved(afterDays: days) }?.kind == .invalid)
        }
        #expect(try t.store.autoCloseSolved(afterDays: 3_650, by: c.sup) == 0)
    }

    @Test func autocloseIsAuditedAsTheSupervisorAndItsRefusalToo() throws {
        let t = try TempStore()
        let c = try t.cast()
        let n = try t.newTicket(c.customer).number
        try t.store.claim(ticket: n, by: c.a)
        try t.store.setStatus(ticket: n, to: .solved, by: c.a)
        let later = try t.later(5 * 86_400)
        #expect(refusal { _ = try later.autoCloseSolved(afterDays: 4, by: c.a) }?.kind == .forbidden)
        #expect(try refusals(t).contains { $0.actor == "budi" && $0.action == "refused:ticket.autoclose" })
        #expect(try later.autoCloseSolved(afterDays: 4, by: c.sup) == 1)
        let closed = try #require(try t.store.auditRecords(entity: "ticket", entityId: String(n), limit: 10).first)
        #expect(closed.action == "ticket.autoclose" && closed.actor == "sari")
        #expect(try t.store.ticket(number: n).status == .closed)
    }

    @Test func reportAndSuggestionRefusalsAreAudited() throws {
        let t = try TempStore()
        let c = try t.cast()
        for name in ["backlog", "suggestions"] {
            #expect(refusal { try t.store.authorizeReport(name, detail: "format=json", by: c.a) }?.kind == .forbidden)
            #expect(try refusals(t).contains { $0.actor == "budi" && $0.action == "refused:report.\(name)" })
        }
        try t.store.authorizeReport("backlog", detail: "format=json", by: c.sup)
        #expect(try t.store.auditRecords(limit: 5).first.map { ($0.actor, $0.action) } ?? ("", "") == ("sari", "report.backlog"))
    }

    @Test func intakeNeedsAChannelAccountAndRefusesOutOfWindowDates() throws {
        let t = try TempStore()
        let c = try t.cast()
        func line(_ id: String, _ at: String) -> String {
            #"{"at":"\#(at)","body":"Saldo hilang","category":"payment","id":"\#(id)","wallet_id":"WLT-T0000001"}"#
        }
        let path = t.dir.appendingPathComponent("chat.jsonl").path
        try (["old": "2020-01-02T08:00:00+07:00", "soon": "2027-01-02T08:00:00+07:00", "ok": "2026-11-25T08:30:00+07:00"]
            .sorted { $0.key < $1.key }.map { line($0.key, $0.value) }.joined(separator: "\n") + "\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let batch = try IntakeReader.read(path: path, defaults: IntakeDefaults(category: nil), now: TempStore.fixedNow)

        // Any agent could import messages in customers' names: refused and audited.
        #expect(refusal { _ = try t.store.importContacts(batch, channel: .appChat, by: c.a) }?.kind == .forbidden)
        #expect(try refusals(t).contains { $0.actor == "budi" && $0.action == "refused:intake.run" })
        #expect(try t.store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets") } == 0)

        let report = try t.store.importContacts(batch, channel: .appChat, by: c.admin)
        #expect(report.created == 1 && report.rejected == 2)
        #expect(report.rejections.contains { $0.reason.contains("more than 90 days ago") })
        #expect(report.rejections.contains { $0.reason.contains("in the future") })
    }
}
