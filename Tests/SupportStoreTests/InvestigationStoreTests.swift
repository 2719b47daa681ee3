import Foundation
import GRDB
import SupportCore
@testable import SupportStore
import Testing

/// The investigation's store side: one timeline merged from every source in key order
/// and paged by key; the detector on the planted stories; flag-all audited per
/// transaction; the rules as admin-edited data.
@Suite struct InvestigationStoreTests {
    /// A customer with one entry in every source, several sharing one second.
    func timelineFixture() throws -> (TempStore, Int64) {
        let t = try TempStore()
        let cast = try t.cast()
        let c = cast.customer
        let at = TempStore.fixedNow.epoch - 3_600
        try t.store.pool.write { db in
            try db.execute(sql: "INSERT INTO devices (id, customer_id, model, platform, app_version, bound, last_seen_at) VALUES (1, ?, 'OPPO A78', 'android', '5.3.4', 1, ?)", arguments: [c, at])
            for i in 0..<5 {
                try db.execute(sql: "INSERT INTO login_events (customer_id, device_id, at, place, ip, success) VALUES (?, 1, ?, '泗水', '36.72.1.1', ?)",
                               arguments: [c, at + Int64(i) * 60, i != 2])
                try db.execute(sql: "INSERT INTO transactions (reference, customer_id, type, status, amount, counterparty, channel, at) VALUES (?, ?, 'payment', 'success', 100, 'Tokopedia', 'app', ?)",
                               arguments: ["T\(i)", c, at + Int64(i) * 60])
            }
            try db.execute(sql: "INSERT INTO account_events (customer_id, kind, at, device_id, place, detail) VALUES (?, 'device_bound', ?, 1, 'Surabaya', '')", arguments: [c, at])
            try db.execute(sql: "INSERT INTO account_events (customer_id, kind, at, detail) VALUES (?, 'contact_changed', ?, 'email')", arguments: [c, at + 120])
            try db.execute(sql: "INSERT INTO customer_sessions (customer_id, device_id, started_at, revoked_at, revoked_by) VALUES (?, 1, ?, ?, 'budi')", arguments: [c, at + 60, at + 240])
            try db.execute(sql: "INSERT INTO verification_codes (customer_id, code_hash, salt, channel, destination, created_at, expires_at, used_at) VALUES (?, 'h', 's', 'sms', '+62 8**', ?, ?, ?)",
                           arguments: [c, at + 180, at + 780, at + 200])
        }
        _ = try t.store.freeze(customerId: c, reason: "customer says phone stolen", by: cast.a)
        return (t, c)
    }

    @Test func timelineMergesEverySourceInKeyOrder() throws {
        let (t, c) = try timelineFixture()
        let all = try t.store.accountTimeline(customerId: c, limit: 100)
        #expect(all.count == 5 + 5 + 2 + 2 + 2 + 1)
        #expect(all.map(\.key) == all.map(\.key).sorted(by: >))
        #expect(Set(all.map(\.kind)) == [.loginOk, .loginFailed, .transaction, .deviceBound, .contactChanged, .sessionStarted,
                                         .sessionRevoked, .codeIssued, .codeVerified, .supportAction])
        #expect(all.first?.kind == .supportAction)
        let bound = try #require(all.first { $0.kind == .deviceBound })
        #expect(bound.device == "OPPO A78" && bound.place == "Surabaya")
        #expect(all.first { $0.kind == .transaction }?.transaction?.reference == "T4")
        #expect(all.first { $0.kind == .sessionRevoked }?.actor == "budi")
    }

    @Test func keysetPagesCoverTheTimelineOnceInBothDirections() throws {
        let (t, c) = try timelineFixture()
        let all = try t.store.accountTimeline(customerId: c, limit: 100)
        var paged: [TimelineEntry] = []
        var cursor: TimelineKey?
        repeat {
            let page = try t.store.accountTimeline(customerId: c, olderThan: cursor, limit: 4)
            paged += page
            cursor = page.count == 4 ? page.last?.key : nil
        } while cursor != nil
        #expect(paged.map(\.key) == all.map(\.key))
        // Upwards from the oldest entry: the newer ones, still newest first.
        let newer = try t.store.accountTimeline(customerId: c, newerThan: all.last!.key, limit: 5)
        #expect(newer.map(\.key) == Array(all.dropLast().suffix(5)).map(\.key))
        let since = try t.store.accountTimeline(customerId: c, since: TempStore.fixedNow.addingTimeInterval(-3_600 + 200), limit: 100)
        #expect(since.allSatisfy { $0.key.at >= TempStore.fixedNow.epoch - 3_400 })
    }

    @Test func plantedStoriesMeetTheFiguresAndNoDecoyIsMarked() throws {
        let t = try TempStore()
        _ = try t.cast()
        let stories = try t.store.plantInvestigationStories(count: 20)
        #expect(Set(stories.map(\.kind)) == Set(StoryKind.allCases))
        let (verdicts, e) = try t.store.evaluateDetector()
        #expect(verdicts.count == 20)
        #expect(e.decoysMarked == 0)
        #expect(try #require(e.onTimeRate) >= 0.9)
        #expect(try #require(e.precision) >= 0.9)
        #expect(try #require(e.recall) >= 0.85)
        // The new-phone decoy is explained as such, not marked.
        let phone = try #require(stories.first { $0.kind == .newPhone })
        let found = try t.store.investigate(customerId: phone.customerId)
        #expect(found.compromise == nil)
        #expect(found.report.notes.contains { $0.line.contains("looks like a new phone") })
    }

    @Test func flagAllAuditsEachTransactionAndSkipsFlaggedOnes() throws {
        let t = try TempStore()
        let cast = try t.cast()
        let story = try #require(try t.store.plantInvestigationStories(count: 1).first)
        let found = try t.store.investigate(customerId: story.customerId)
        let refs = found.suspects.map(\.reference)
        #expect(refs.count >= 2)
        _ = try t.store.flagTransaction(reference: refs[0], reason: "already seen", by: cast.a)
        let result = try t.store.flagTransactions(references: refs, reason: "customer did not make these", by: cast.b)
        #expect(result.flagged == Array(refs.dropFirst()))
        #expect(result.skipped.keys.sorted() == [refs[0]])
        for ref in refs.dropFirst() {
            let audit = try t.store.auditRecords(entity: "transaction", entityId: ref)
            #expect(audit.map(\.action) == ["transaction.flag"])
            #expect(audit.first?.actor == "dewi" && audit.first?.reason == "customer did not make these")
        }
        #expect(try t.store.investigate(customerId: story.customerId).alreadyFlagged.sorted() == refs.sorted())
        #expect(try t.store.verifyAuditChain() == .ok(records: try t.store.auditRecords(limit: 10_000).count))
    }

    @Test func flagAllIsRefusedWithoutThePermissionAndTheRefusalIsAudited() throws {
        let t = try TempStore()
        let cast = try t.cast()
        let story = try #require(try t.store.plantInvestigationStories(count: 1).first)
        let refs = try t.store.investigate(customerId: story.customerId).suspects.map(\.reference)
        try t.store.setAgentActive(login: "dewi", active: false, by: cast.admin)
        var disabled = cast.b
        disabled.active = false
        #expect(throws: StoreError.self) { try t.store.flagTransactions(references: refs, reason: "x", by: disabled) }
        #expect(try t.store.auditRecords(entity: "transaction", entityId: refs[0]).map(\.action) == ["refused:transaction.flag"])
        #expect(try t.store.investigate(customerId: story.customerId).alreadyFlagged.isEmpty)
    }

    @Test func rulesAreDataAnAdminChangesWithAReason() throws {
        let t = try TempStore()
        let cast = try t.cast()
        #expect(try t.store.detectionRules().rows.map(\.value) == DetectionRules.defaults.rows.map(\.value))
        #expect(throws: StoreError.self) { try t.store.setDetectionRule(name: "unseen_place", value: 2, reason: "tune", by: cast.sup) }
        try t.store.setDetectionRule(name: "unseen_place", value: 2, reason: "travel is rare here", by: cast.admin)
        #expect(try t.store.detectionRules().weight(.unseenPlace) == 2)
        let audit = try t.store.auditRecords(entity: "detection_rule", entityId: "unseen_place").map(\.action)
        #expect(audit == ["detection_rule.set", "refused:detection_rule.set"])
        #expect(throws: StoreError.self) { try t.store.setDetectionRule(name: "mark_threshold", value: 0, reason: "x", by: cast.admin) }
    }
}
