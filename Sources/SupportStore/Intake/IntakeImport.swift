import Foundation
import GRDB
import SupportCore

// Intake's transactions: on SQLite as many contacts as a fifth of a second allows (at
// most a thousand), on PostgreSQL one, each in a savepoint, taken from a whole batch or
// chunk by chunk as a folder is read.
extension StoreEngine {
    /// How much one intake transaction takes. On PostgreSQL each contact commits alone: a
    /// transaction holding the audit chain's head (locked from a contact's first record to
    /// the commit) that then waited on a ticket or customer another instance holds, while
    /// that instance waited on the head, would deadlock; one contact takes its locks in one
    /// order (customer, ticket number, ticket, audit head) as every other service does.
    var intakeTransactionBound: IntakeTransactionBound { self is SupportStore ? .sqlite : .oneContact }

    /// SQLite's writer connection gets intake's cache and checkpoint settings for the run
    /// (`withIntakeConnectionSettings`); PostgreSQL's connections need none.
    private func withIntakeSettings<T>(_ body: () throws -> T) throws -> T {
        guard let store = self as? SupportStore else { return try body() }
        return try store.withIntakeConnectionSettings(body)
    }

    /// Imports a batch, many contacts to a transaction (`IntakeTransactionBound`), each contact in a savepoint of
    /// its own: a contact's message, ticket changes, audit record and `intake_messages` row
    /// commit together, so a crash or a second run never imports a contact twice, and a
    /// contact that is refused leaves nothing behind. The run's own audit record commits
    /// with the last contacts. When the database fails, the contacts before the one it failed
    /// on stay imported and the error names that one. Contacts are taken in file order.
    public func importContacts(_ batch: IntakeBatch, channel: Channel, by actor: Agent,
                               autoCloseDays: Int = TicketLifecycle.defaultAutoCloseDays) throws -> IntakeReport {
        try importContacts(batch, channel: channel, by: actor, autoCloseDays: autoCloseDays, bound: intakeTransactionBound)
    }

    func importContacts(_ batch: IntakeBatch, channel: Channel, by actor: Agent,
                        autoCloseDays: Int = TicketLifecycle.defaultAutoCloseDays,
                        bound: IntakeTransactionBound) throws -> IntakeReport {
        var handed = false
        return try importContacts(channel: channel, by: actor, autoCloseDays: autoCloseDays, bound: bound) {
            defer { handed = true }
            return handed ? nil : batch
        }
    }

    /// The same for contacts handed over a chunk at a time by `next` (nil: no more), in
    /// order, as `IntakeFolderReader` reads them while the chunks before are imported. A
    /// transaction takes contacts across chunks (`IntakeTransactionBound`); the chunks'
    /// rejections and files count in the report as a whole batch's would.
    public func importContacts(channel: Channel, by actor: Agent, autoCloseDays: Int = TicketLifecycle.defaultAutoCloseDays,
                               next: () throws -> IntakeBatch?) throws -> IntakeReport {
        try importContacts(channel: channel, by: actor, autoCloseDays: autoCloseDays, bound: intakeTransactionBound, next: next)
    }

    /// The same with the transactions' size given: tests put a whole run in one transaction,
    /// or each contact in its own, whatever the machine's speed.
    func importContacts(channel: Channel, by actor: Agent, autoCloseDays: Int = TicketLifecycle.defaultAutoCloseDays,
                        bound: IntakeTransactionBound, next: () throws -> IntakeBatch?) throws -> IntakeReport {
        // Intake writes in customers' names, so it is the channel account's (or an admin's).
        do {
            try reading { db in try Self.recheckActor(db, actor) }
            try Self.requirePermission(actor, .importContacts)
        } catch let error as StoreError where error.kind == .forbidden {
            try? recordRefusal(actor: actor.login, action: "intake.run", entity: "intake", entityId: channel.rawValue,
                               reason: error.message)
            throw error
        }
        return try withoutActuallyEscaping(next) { next in
            let feed = IntakeFeed(next: next)
            // The contacts' outcomes as committed; the reading side's counts are the feed's.
            var report = IntakeReport(channel: channel, files: 0)
            // How many contacts the transaction under way has started on (all of them when
            // it failed after its last contact).
            var attempted = 0

            /// One transaction: contacts from the front of the feed, at most `limit`, and no
            /// more once the bound's time has passed since it began. Returns whether it was
            /// the run's last, which carries the run's audit record.
            func commit(limit: Int) throws -> Bool {
                // Known before the transaction whether a contact follows the first: on
                // PostgreSQL (a contact a transaction) nothing then waits for the reader
                // while the transaction holds its locks. SQLite's transaction may wait for the
                // reader once it has used up what was read, which runs ahead of it.
                _ = try feed.hasMore(than: 1)
                do {
                    // Built inside the transaction and kept only once it commits: a busy
                    // retry reruns it from the same front of the feed.
                    let (sofar, taken, last) = try auditing(by: actor, action: "intake.contact", entity: "intake",
                                                            entityId: channel.rawValue) { db -> (IntakeReport, Int, Bool) in
                        let began = DispatchTime.now().uptimeNanoseconds
                        var sofar = report
                        // Nothing in the transaction changes them; every contact's deadline reads them.
                        let rules = try self.slaRules(db)
                        let search = IntakeSearchRows()
                        var taken = 0
                        attempted = 0
                        while taken < limit {
                            if taken > 0 && DispatchTime.now().uptimeNanoseconds - began >= bound.nanoseconds { break }
                            guard try feed.hasMore(than: taken) else { break }
                            attempted = taken + 1
                            sofar.add(try self.importInSavepoint(db, feed[taken], channel: channel, actor: actor,
                                                                 autoCloseDays: autoCloseDays, rules: rules, search: search))
                            taken += 1
                        }
                        // After the last savepoint: see `IntakeSearchRows`.
                        try search.write(db)
                        let last = try !feed.hasMore(than: taken)
                        if last {
                            var whole = sofar
                            whole.rejections += feed.rejections
                            try appendAudit(db, AuditAppend(at: now, actor: actor.login, action: "intake.run", entity: "intake",
                                                            entityId: channel.rawValue, after: whole.auditSummary))
                        }
                        return (sofar, taken, last)
                    }
                    report = sofar
                    feed.commit(taken)
                    return last
                } catch let error as StoreError where error.kind != .forbidden {
                    // The database itself failed: stop here. What was imported stays imported and
                    // a rerun skips it, so the message says where to pick up.
                    let first = feed.count > 0 ? feed[0] : nil
                    let at = first?.line.map { "line \($0) of " } ?? ""
                    throw StoreError(error.kind, "\(error.message) Intake stopped at \(at)\(first?.file ?? "the start"); run it again to import the rest.")
                }
            }

            try withIntakeSettings {
                var recorded = false
                while !recorded {
                    do {
                        recorded = try commit(limit: bound.contacts)
                    } catch let error as StoreError where error.kind != .forbidden && attempted > 1 {
                        // The failure rolled the whole transaction back: go over its contacts again a
                        // contact a transaction, so that every contact before the one that fails is
                        // kept and the error names that one, as when each contact committed alone.
                        for _ in 0..<attempted where !recorded { recorded = try commit(limit: 1) }
                    }
                }
            }
            report.files = feed.files
            report.rejections += feed.rejections
            report.rejected = report.rejections.count
            report.rejections.sort { ($0.file, $0.line ?? 0) < ($1.file, $1.line ?? 0) }
            return report
        }
    }
}
