import Foundation
import SupportCore

/// Timeline entries the store writes itself (assignments, merges, security actions,
/// complaint steps) are stored in English: the language of the audit trail, the exports
/// and the command line. The console says them in the agent's language. Each `ev…`
/// message's English text *is* the store's template: read back as a pattern (`{1}`
/// matches any text), it finds the arguments, and the agent's translation is filled
/// with them. A line no template matches is shown as stored, so nothing is ever lost.
enum EventText {
    static let templates: [MessageID] = MessageID.allCases.filter { $0.rawValue.hasPrefix("ev") }

    /// Templates with the most fixed text first, so "given to {1} (was {2})" is tried
    /// before "given to {1}" would swallow the whole line.
    private static let patterns: [(id: MessageID, regex: NSRegularExpression)] = templates.map { id in
        let english = Catalogue.text(id, .en)
        var pattern = NSRegularExpression.escapedPattern(for: english)
        for n in 1...5 { pattern = pattern.replacingOccurrences(of: "\\{\(n)\\}", with: "(.+?)") }
        // The patterns come from the catalogue's own English entries; CatalogueTests reads each back.
        return (id, try! NSRegularExpression(pattern: "^" + pattern + "$", options: [.dotMatchesLineSeparators]))
    }.sorted { fixedLength($0.id) > fixedLength($1.id) }

    private static func fixedLength(_ id: MessageID) -> Int {
        var text = Catalogue.text(id, .en)
        for n in 1...5 { text = text.replacingOccurrences(of: "{\(n)}", with: "") }
        return text.count
    }

    /// `body` in `language`, line by line. The timeline is drawn on every frame, so each
    /// entry is matched against the templates once and remembered.
    static func localize(_ body: String, _ language: ContentLanguage) -> String {
        guard language != .en else { return body }
        if let known = memo.value(for: body, language) { return known }
        let said = body.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line(String($0), language) }.joined(separator: "\n")
        memo.store(said, for: body, language)
        return said
    }

    private static let memo = Memo()

    /// Translations already made, bounded: a console reads a few hundred entries an hour.
    private final class Memo: @unchecked Sendable {
        private let lock = NSLock()
        private var said: [String: String] = [:]

        func value(for body: String, _ language: ContentLanguage) -> String? {
            lock.withLock { said[language.rawValue + "\u{0}" + body] }
        }

        func store(_ text: String, for body: String, _ language: ContentLanguage) {
            lock.withLock {
                if said.count >= 4_096 { said.removeAll(keepingCapacity: true) }
                said[language.rawValue + "\u{0}" + body] = text
            }
        }
    }

    private static func line(_ text: String, _ language: ContentLanguage) -> String {
        guard let (id, arguments) = template(of: text) else { return text }
        return Catalogue.text(id, language, arguments)
    }

    /// The template one stored line was written from, and its arguments.
    static func template(of text: String) -> (MessageID, [String])? {
        let range = NSRange(text.startIndex..., in: text)
        for (id, regex) in patterns {
            guard let match = regex.firstMatch(in: text, range: range) else { continue }
            return (id, (1..<match.numberOfRanges).map { i in
                Range(match.range(at: i), in: text).map { String(text[$0]) } ?? ""
            })
        }
        return nil
    }

    /// The name of an entry's kind on its heading line.
    static func kindID(_ kind: TicketEventKind) -> MessageID? {
        switch kind {
        case .statusChange: .kindStatusChange
        case .priorityChange: .kindPriorityChange
        case .assignment: .kindAssignment
        case .tag: .kindTag
        case .link: .kindLink
        case .merge: .kindMerge
        case .macro: .kindMacro
        case .playbookStep: .kindPlaybookStep
        case .securityAction: .kindSecurityAction
        case .transactionAttached: .kindTransactionAttached
        case .approval: .kindApproval
        case .complaint: .kindComplaint
        case .csat: .kindCSAT
        case .categoryChange: .kindCategoryChange
        case .customerMessage, .reply, .note: nil
        }
    }
}
