import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// Issue 17, finding 8: with another reader open during `outbox drain`, every plain code
/// stayed in the `-wal` file. The scrub is now remembered and retried by the next commit.
/// Codes are now sealed before they reach the file at all; the scrub still clears the
/// sealed box (useless without the delivery key, but nothing to keep either).
@Suite struct WriteAheadScrubTests {
    private func bytes(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }

    @Test func plaintextCodeLeavesTheWalOnceTheReaderIsGone() throws {
        let t = try TempStore()
        let c = try t.cast()
        let ticket = try t.security(c.customer)
        try t.store.forceCredentialReset(customerId: c.customer, reason: "forgot PIN", ticket: ticket.number, by: c.a)
        let code = try t.latestCodeInOutbox()
        let sentence = Data("Kode verifikasi Anda: \(code)".utf8)
        let sealed = try #require(try t.store.pool.read { db in
            try Data.fetchOne(db, sql: "SELECT sealed_body FROM outbox WHERE contains_code = 1")
        })

        // Another process reading an old snapshot across the drain: a read transaction
        // held open on a connection of its own.
        let reader = try DatabaseQueue(path: t.path)
        let reading = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            _ = try? reader.read { db in
                _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox")
                reading.signal()
                release.wait()
            }
            done.signal()
        }
        reading.wait()
        let dir = t.dir.appendingPathComponent("deliveries").path
        #expect(try t.store.drainOutbox(to: dir, by: c.admin).delivered.count == 1)
        let pending = try t.store.pool.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [SupportStore.walScrubKey])
        }
        #expect(pending != nil, "the blocked scrub must be remembered")
        #expect(bytes(t.path + "-wal").range(of: sealed) != nil, "precondition: the reader kept the sealed code in the -wal")
        #expect(bytes(t.path + "-wal").range(of: sentence) == nil, "the plain code never reaches the -wal")

        // The reader finishes; the next commit anywhere retries and succeeds.
        release.signal()
        done.wait()
        try reader.close()
        try t.store.note(ticket: ticket.number, body: "code sent", by: c.a)
        for suffix in ["", "-wal"] {
            #expect(bytes(t.path + suffix).range(of: sentence) == nil, "the code is still in t.sqlite\(suffix)")
            #expect(bytes(t.path + suffix).range(of: sealed) == nil, "the sealed code is still in t.sqlite\(suffix)")
        }
        #expect(try t.store.pool.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [SupportStore.walScrubKey])
        } == nil)
        // Deleted content is zeroed on every connection, not only while scrubbing.
        #expect(try t.store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA secure_delete") } == 1)
    }
}
