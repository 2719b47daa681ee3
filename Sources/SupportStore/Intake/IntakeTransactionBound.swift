import Foundation

/// How many contacts one intake transaction takes: at most `contacts`, and no more once
/// `seconds` have passed since it began (it always takes one).
///
/// On SQLite a commit writes every page the transaction touched to the write-ahead log,
/// once however many contacts touched it: the right-hand pages of the tickets table and its
/// indexes, the timeline's, the audit log's, the intake ids' and the search index's are
/// shared by every contact, so the more contacts a commit carries, the fewer times those
/// pages are written. The time keeps the write lock short for a console or the service
/// waiting for it: a fifth of a second, whatever the machine's speed or load.
struct IntakeTransactionBound: Sendable {
    var contacts: Int
    var seconds: Double

    var nanoseconds: UInt64 { seconds.isFinite ? UInt64(max(0, seconds) * 1e9) : .max }

    static let sqlite = IntakeTransactionBound(contacts: SupportStore.intakeContactsPerTransaction, seconds: 0.2)
    static let oneContact = IntakeTransactionBound(contacts: 1, seconds: .infinity)
}
