import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// Issue 17, finding 9: with another process holding the write lock and an empty `-wal`,
/// a read-only command failed with "busy" after about 6 s: opening the store wrote
/// (GRDB's WAL set-up, and a migration pass with nothing to migrate) outside any retry.
@Suite struct ReadUnderWriteLockTests {
    @Test func busyNeverReachesAReaderOpeningTheStoreUnderAWriteLock() throws {
        let t = try TempStore()
        let c = try t.cast()
        _ = try t.newTicket(c.customer)
        // Empty the -wal, as a checkpoint after an outbox drain does.
        t.store.logCheckpointer.quiesce()   // its own checkpoint running would make TRUNCATE busy
        _ = try t.store.pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        #expect((try? FileManager.default.attributesOfItem(atPath: t.path + "-wal")[.size] as? Int) ?? 0 == 0)

        // Another process takes the write lock and keeps it past the ~5 s busy timeout.
        let holder = try DatabaseQueue(path: t.path)
        let locked = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? holder.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                locked.signal()
                usleep(6_500_000)
                try db.execute(sql: "COMMIT")
            }
            done.signal()
        }
        locked.wait()
        let started = Date()
        var outcome: Result<Int, Error>
        do {
            let reader = try SupportStore(path: t.path, create: false)
            outcome = .success(try reader.tickets(customerId: c.customer).count)
        } catch {
            outcome = .failure(error)
        }
        done.wait()
        switch outcome {
        case .success(let count): #expect(count == 1)
        case .failure(let error): Issue.record("a read failed behind a writer after \(Date().timeIntervalSince(started)) s: \(error)")
        }
    }
}
