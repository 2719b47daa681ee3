import Foundation
import GRDB
import SupportCore

/// A ticked (or skipped) playbook step, as recorded on a ticket.
public struct PlaybookStepRecord: Sendable, Codable, Equatable {
    public var playbook: String
    public var step: String
    public var outcome: String      // done / skipped
    public var note: String?
    public var by: String
    public var at: Date
}

extension StoreEngine {
    public func macros() -> [Macro] { Macro.builtIn }
    public func playbooks() -> [Playbook] { Playbook.builtIn }

    /// Applies a macro: its reply goes to the customer with the placeholders filled in,
    /// and its field changes (status, priority, tags) follow the same rules as by hand.
    /// `body` is the reply as the agent edited it in the composer (the template is only
    /// where it started); `seenEventId` stops it like any reply when someone wrote since.
    /// The reply and the changes land in one transaction: a refused status sends nothing.
    @discardableResult
    public func applyMacro(ticket number: Int64, key: String, locale: ContentLanguage = .en, body edited: String? = nil,
                           seenEventId: Int64? = nil, by actor: Agent, expecting version: Int64? = nil) throws -> Ticket {
        guard let macro = Macro.named(key, locale: locale) else {
            throw StoreError.notFound("Macro '\(key)' (known: \(Set(Macro.builtIn.map(\.key)).sorted().joined(separator: ", ")))")
        }
        return try changingTicket(number: number, by: actor, action: "ticket.macro", expecting: version) { db, ticket in
            try Self.requireWorkable(ticket, by: actor, db: db)
            let values = try Self.macroValues(db, ticket, actor: actor)
            // An edited reply is checked as the template is: a `{name}` left in it is a gap.
            var rendering = macro.rendering(values: values)
            if let edited {
                let text = try Self.requireText(edited, what: "A reply")
                rendering = Macro(key: key, locale: locale, title: macro.title, body: text).rendering(values: values)
            }
            if let seenEventId { try Self.requireNothingNewer(db, ticket: ticket, than: seenEventId, actor: actor) }
            let target = try Self.macroTarget(macro, rendering, from: ticket.status, refusal: "Macro '\(key)'")
            let how = edited.map { $0 == macro.render(values: values) ? "" : ", edited" } ?? ""
            try self.writeMacro(db, macro, on: ticket, reply: rendering.text, target: target,
                                event: "applied macro \(key) (\(locale.rawValue)\(how))", actor: actor)
            return (nil, "macro=\(key)", try Self.loadTicket(db, number: number))
        }
    }

    /// Ticks or skips a playbook step on a ticket. Skipping needs a reason.
    public func recordPlaybookStep(ticket number: Int64, playbook key: String, step: String, skipped: Bool = false,
                                   note: String? = nil, by actor: Agent) throws {
        guard let playbook = Playbook.builtIn.first(where: { $0.key == key }) else {
            throw StoreError.notFound("Playbook '\(key)' (known: \(Playbook.builtIn.map(\.key).joined(separator: ", ")))")
        }
        guard let stepDef = playbook.steps.first(where: { $0.key == step }) else {
            throw StoreError.notFound("Step '\(step)' of playbook \(key) (steps: \(playbook.steps.map(\.key).joined(separator: ", ")))")
        }
        let reason = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if skipped && (reason ?? "").isEmpty {
            throw StoreError.invalid("Skipping a playbook step needs a reason (--note).")
        }
        try changingTicket(number: number, by: actor, action: "ticket.playbook", expecting: nil, reason: reason) { db, ticket in
            try Self.requireWorkable(ticket, by: actor, db: db)
            let reason = skipped ? reason : try Self.stepResult(db, stepDef, ticket: ticket, note: reason)
            try db.run("""
                INSERT INTO playbook_runs (ticket_id, playbook, step, outcome, note, by, at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(ticket_id, playbook, step) DO UPDATE SET outcome = excluded.outcome, note = excluded.note,
                    by = excluded.by, at = excluded.at
                """, [ticket.id, key, step, skipped ? "skipped" : "done", reason, actor.login, now])
            let body = "\(key): \(skipped ? "skipped" : "done") — \(stepDef.text.en)" + (reason.map { " (\($0))" } ?? "")
            try Self.appendEvent(db, ticketId: ticket.id, kind: .playbookStep, author: actor.login, body: body, at: now)
            return (nil, "\(key)/\(step)=\(skipped ? "skipped" : "done")", ())
        }
    }

    public func playbookProgress(ticket number: Int64, playbook key: String) throws -> [PlaybookStepRecord] {
        try reading { db in
            let ticket = try Self.loadTicket(db, number: number)
            let recorded = try db.fetchRows("SELECT * FROM playbook_runs WHERE ticket_id = ? AND playbook = ? ORDER BY at",
                                            [ticket.id, key]).map {
                PlaybookStepRecord(playbook: $0["playbook"], step: $0["step"], outcome: $0["outcome"], note: $0["note"],
                                   by: $0["by"], at: Date(epoch: $0["at"]))
            }
            let playbook = Playbook.builtIn.first { $0.key == key }
            return recorded + (try playbook.map { try Self.doneElsewhere(db, $0, ticket: ticket, recorded: recorded) } ?? [])
        }
    }
}
