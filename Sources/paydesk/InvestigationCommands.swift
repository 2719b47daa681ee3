import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportStore

// The stolen-account investigation from the command line: the merged timeline, the
// detector's rules, and the detector measured on the planted stories.

/// `--since 7d`, `--since 24h` or `--since 2026-11-01` (a Jakarta day).
struct SinceArgument: ExpressibleByArgument {
    var date: Date
    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        if let unit = text.last, unit == "d" || unit == "h", let n = Int(text.dropLast()), n >= 0 {
            date = Date().addingTimeInterval(-TimeInterval(n) * (unit == "d" ? 86_400 : 3_600))
        } else if let day = LocalDate(text) {
            date = day.start(in: BusinessCalendar.jakarta)
        } else {
            return nil
        }
    }
}

struct AccountTimeline: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "timeline",
        abstract: "One customer's logins, devices, sessions, codes, credential and contact changes, support actions and transactions, newest first, with the compromise point marked.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Customer id, wallet id, phone or email.") var customer: String
    @Option(help: "Only entries from this time on: 7d, 24h or 2026-11-01.") var since: SinceArgument?
    @Option(help: "Entries older than this cursor (the `next` of the previous page).") var before: String?
    @Option(help: "Entries per page.") var limit = 50
    @Flag(help: "JSON output.") var json = false

    struct Page: Encodable {
        var walletId: String
        var compromise: ActivityFinding?
        var notes: [ActivityFinding]
        var suspects: [SuspectTransaction]
        var entries: [TimelineEntry]
        var next: String?
    }

    func run() throws {
        let client = try global.client()
        _ = try client.whoAmI()
        guard (1...1_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000.") }
        var cursor: TimelineKey?
        if let before {
            guard let key = TimelineKey(token: before) else { throw ValidationError("--before takes the `next` cursor of a previous page, like 1795575600.1.42.") }
            cursor = key
        }
        let found = try client.findCustomer(customer)
        let investigation = try client.investigate(customerId: found.id, since: since?.date)
        let entries = try client.accountTimeline(customerId: found.id, olderThan: cursor, since: since?.date, limit: limit)
        let page = Page(walletId: found.walletId, compromise: investigation.compromise, notes: investigation.report.notes,
                        suspects: investigation.suspects, entries: entries,
                        next: entries.count == limit ? entries.last?.key.token : nil)
        if json { return try Output.json(page) }
        if let point = page.compromise {
            print("COMPROMISE \(TimeText.clock(point.at)): \(PlainText.inert(point.line))")
            print("  \(point.arithmetic)")
        } else {
            print("No compromise point: nothing reaches the mark (\(investigation.rules[.markThreshold])).")
        }
        for note in page.notes.suffix(5) { print("note \(TimeText.clock(note.at)): \(PlainText.inert(note.line))") }
        if !page.suspects.isEmpty {
            print("SUSPECT TRANSACTIONS (pre-selected)")
            Output.table(["TIME", "REFERENCE", "WHY"], page.suspects.map {
                [TimeText.clock($0.at), $0.reference, $0.reasons.joined(separator: "; ")]
            })
        }
        print("TIMELINE")
        let suspects = Set(page.suspects.map(\.reference))
        Output.table(["TIME", "WHAT", "DEVICE", "PLACE", "IP", "BY", "DETAIL"], entries.map { e in
            let mark = e.key == page.compromise?.key ? "» " : (e.transaction.map { suspects.contains($0.reference) } == true ? "* " : "")
            return [mark + TimeText.clock(e.at), e.kind.noun, e.device ?? "-", e.place ?? "-", e.ip ?? "-", e.actor, e.detail]
        })
        if let next = page.next { print("more: --before \(next)") }
    }
}

struct AccountRules: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules",
        abstract: "The takeover detector's signals, weights and thresholds; admins change one with --set NAME=VALUE --reason.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "NAME=VALUE, e.g. unseen_place=2 (0 turns a signal off).") var set: String?
    @Option(help: "Why the rule changes (recorded in the audit log).") var reason: String?
    @Flag(help: "JSON output.") var json = false

    func run() throws {
        let client = try global.client()
        _ = try client.whoAmI()
        if let set {
            let parts = set.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let value = Int(parts[1]) else { throw ValidationError("--set takes NAME=VALUE, e.g. unseen_place=2.") }
            try client.setDetectionRule(name: parts[0], value: value, reason: reason ?? "")
            print("\(parts[0]) = \(value)")
            return
        }
        let rows = try client.detectionRuleRows()
        if json { return try Output.json(rows) }
        Output.table(["RULE", "VALUE", "DEFAULT", "MEANING", "CHANGED BY"], rows.map { r in
            [r.name, String(r.value), String(r.defaultValue), r.meaning,
             r.updatedAt.map { "\(r.updatedBy) \(TimeText.clock($0))" } ?? "-"]
        })
    }
}

struct AccountDetectorCheck: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "detector-check",
        abstract: "Measure the takeover detector on the planted stories: compromise point within 5 minutes, pre-selection precision and recall, decoys marked.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Also list each story's verdict.") var verbose = false
    @Flag(help: "JSON output.") var json = false

    func run() throws {
        let store = try global.openStore()
        _ = try global.actor(in: store)
        let (verdicts, evaluation) = try store.evaluateDetector()
        if json { return try Output.json(evaluation) }
        guard !verdicts.isEmpty else {
            print("No planted stories in this database; `paydesk demo` and `paydesk-dev seed` plant them.")
            return
        }
        if verbose {
            Output.table(["WALLET", "STORY", "TRUTH", "MARKED", "FRAUD", "SELECTED", "RIGHT"], verdicts.map { v in
                [v.story.walletId, v.story.kind.rawValue, v.story.compromisedAt.map(TimeText.clock) ?? "-",
                 v.markedAt.map(TimeText.clock) ?? "-", String(v.story.fraudReferences.count), String(v.selected.count),
                 String(v.selected.intersection(v.story.fraudReferences).count)]
            })
        }
        print("\(verdicts.count) planted stories")
        for line in evaluation.summary { print(line) }
    }
}
