import Foundation
import GRDB

/// The writer connection's settings while intake imports. Counted on a 10M-row file
/// (strace of 3,000 mails): about 60 page writes and 30 page reads a mail. Each contact
/// dirties some fifteen pages scattered over the big indexes (tickets by customer, the
/// intake ids, the timeline, the search index, the audit log), so:
/// - SQLite's default page cache (2 MiB) keeps few of them between contacts, and pages read
///   for one contact are read again for the next; 64 MiB keeps a run's working set.
/// - A hundred contacts' commit writes more pages than the default automatic checkpoint
///   (1,000 pages), so every commit was followed by a checkpoint copying its pages into the
///   database file and syncing it — the same hot pages copied again after every commit.
///   Checkpointing every 16,384 pages (64 MiB of log) copies each page once per many commits.
///   (The checkpoint runs beside the import, `LogCheckpointer`, but on the same two cores.)
/// Both are restored when the import ends: a console or the service keeps its usual
/// memory and log size.
extension SupportStore {
    static let intakeCacheKiB = 65_536
    static let intakeCheckpointPages = 16_384

    func withIntakeConnectionSettings<T>(_ body: () throws -> T) throws -> T {
        let saved: (cache: Int, checkpoint: Int)
        do {
            let cache = try pool.writeWithoutTransaction { db in
                let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2_000
                // Never lower what the connection already has.
                if cache > -Self.intakeCacheKiB { try db.execute(sql: "PRAGMA cache_size = -\(Self.intakeCacheKiB)") }
                return cache
            }
            // Not `PRAGMA wal_autocheckpoint`: setting it puts SQLite's checkpoint in the
            // commit back in place of `LogCheckpointer`'s (and 0 would remove both).
            let checkpoint = logCheckpointer.pages.load(ordering: .relaxed)
            logCheckpointer.pages.store(max(checkpoint, Self.intakeCheckpointPages), ordering: .relaxed)
            saved = (cache, checkpoint)
        } catch let error as DatabaseError {
            throw StoreError(.other, Self.describe(error, path: path))
        }
        defer {
            logCheckpointer.pages.store(saved.checkpoint, ordering: .relaxed)
            try? pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = \(saved.cache)") }
        }
        return try body()
    }
}
