import Foundation
import GRDB
import SupportCore

// Intake's transactions: contacts a hundred to a transaction on SQLite (one on
// PostgreSQL), each in a savepoint, taken from a whole batch or chunk by chunk as a folder
// is read.
extension StoreEngine {
    /// Contacts per transaction. On PostgreSQL each contact commits alone: a transaction
    /// holding the audit chain's head (locked from a contact's first record to the commit)
    /// that then waited on a ticket or customer another instance holds, while that instance
    /// waited on the head, would deadlock; one contact takes its locks in one order
    /// (customer, ticket number, ticket, audit head) as every other service does.
    var intakeContactsPerTransaction: Int { self is SupportStore ? SupportStore.intakeContactsPerTransaction : 1 }

    /// SQLite's writer connection gets intake's cache and checkpoint settings for the run
    /// (`withIntakeConnectionSettings`); PostgreSQL's connections need none.
    private func withIntakeSettings<T>(_ body: () throws -> T) throws -> T {
        guard let store = self as? SupportStore else { return try body() }
        return try store.withIntakeConnectionSettings(body)
    }

    /// Imports a batch, a hundred contacts to a transaction, each contact in a savepoint of
    /// its own: a contact's message, ticket changes, audit record and `intake_messages` row
    /// commit together, so a crash or a second run never imports a contact twice, and a
    /// contact that is refused leaves nothing behind. The run's own audit record commits
    /// with the last contacts. When the database fails, the contacts before the one it failed
    /// on stay imported and the error names that one. Contacts are taken in file order.
    public func importContacts(_ batch: IntakeBatch, channel: Channel, by actor: Agent,
                               autoCloseDays: Int = TicketLifecycle.defaultAutoCloseDays) throws -> IntakeReport {
        var handed = false
        return try importContacts(channel: channel, by: actor, autoCloseDays: autoCloseDays) {
            defer { handed = true }
            return handed ? nil : batch
        }
    }

    /// The same for contacts handed over a chunk at a time by `next` (nil: no more), in
    /// order, as `IntakeFolderReader` reads them while the chunks before are imported. Each
    /// chunk is imported in transactions of at most a hundred contacts; its rejections and
    /// files count in the report as a whole batch's would.
    public func importContacts(channel: Channel, by actor: Agent, autoCloseDays: Int = TicketLifecycle.defaultAutoCloseDays,
                               next: () throws -> IntakeBatch?) throws -> IntakeReport {
        // Intake writes in customers' names, so it is the channel account's (or an admin's).
        do {
            try reading { db in try Self.recheckActor(db, actor) }
            try Self.requirePermission(actor, .importContacts)
        } catch let error as StoreError where error.kind == .forbidden {
            try? recordRefusal(actor: actor.login, action: "intake.run", entity: "intake", entityId: channel.rawValue,
                               reason: error.message)
            throw error
        }
        var report = IntakeReport(channel: channel, files: 0)
        // One transaction for `contacts`; the report keeps their outcomes once it commits.
        func commit(_ contacts: ArraySlice<IncomingContact>, last: Bool) throws {
            do {
                // Built inside the transaction and kept only once it commits: a busy retry reruns it.
                report = try auditing(by: actor, action: "intake.contact", entity: "intake", entityId: channel.rawValue) { db in
                    var sofar = report
                    // Nothing in the transaction changes them; every contact's deadline reads them.
                    let rules = try self.slaRules(db)
                    let search = IntakeSearchRows()
                    for contact in contacts {
                        sofar.add(try self.importInSavepoint(db, contact, channel: channel, actor: actor,
                                                             autoCloseDays: autoCloseDays, rules: rules, search: search))
                    }
                    // After the last savepoint: see `IntakeSearchRows`.
                    try search.write(db)
                    if last {
                        try appendAudit(db, AuditAppend(at: now, actor: actor.login, action: "intake.run", entity: "intake",
                                                        entityId: channel.rawValue, after: sofar.auditSummary))
                    }
                    return sofar
                }
            } catch let error as StoreError where error.kind != .forbidden {
                // The database itself failed: stop here. What was imported stays imported and
                // a rerun skips it, so the message says where to pick up.
                let first = contacts.first
                let at = first?.line.map { "line \($0) of " } ?? ""
                throw StoreError(error.kind, "\(error.message) Intake stopped at \(at)\(first?.file ?? "the start"); run it again to import the rest.")
            }
        }
        // The chunk after the one being imported is asked for first: only then is it known
        // whether that chunk's last transaction is the run's last, which carries the run's
        // audit record.
        let perTransaction = intakeContactsPerTransaction
        return try withIntakeSettings {
            var pending = try next() ?? IntakeBatch()
            while true {
                let following = try next()
                report.files += pending.files
                report.rejections += pending.rejections
                var start = pending.contacts.startIndex
                repeat {
                    let chunk = pending.contacts[start..<min(start + perTransaction, pending.contacts.endIndex)]
                    let last = following == nil && chunk.endIndex == pending.contacts.endIndex
                    // A chunk of rejections only has nothing to commit unless it ends the run.
                    if chunk.isEmpty && !last { break }
                    do {
                        try commit(chunk, last: last)
                    } catch let error as StoreError where error.kind != .forbidden && chunk.count > 1 {
                        // The failure rolled the whole transaction back: go over it again a contact a
                        // transaction, so that every contact before the one that fails is kept and the
                        // error names that one, as when each contact committed alone.
                        for i in chunk.indices { try commit(chunk[i...i], last: last && i == chunk.index(before: chunk.endIndex)) }
                    }
                    start = chunk.endIndex
                } while start < pending.contacts.endIndex
                guard let following else { break }
                pending = following
            }
            report.rejected = report.rejections.count
            report.rejections.sort { ($0.file, $0.line ?? 0) < ($1.file, $1.line ?? 0) }
            return report
        }
    }
}
