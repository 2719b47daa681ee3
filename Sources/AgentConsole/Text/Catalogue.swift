import SupportCore
import SupportStore

/// The console's own text in the agent's language. One table per language, keyed by
/// `MessageID`; a missing entry falls back to English so that a gap shows as English
/// rather than as an id (the catalogue test keeps gaps from being committed).
enum Catalogue {
    static func table(_ language: ContentLanguage) -> [MessageID: String] {
        switch language {
        case .en: englishAll
        case .id: indonesianAll
        case .zh: chineseAll
        }
    }

    // Each language's table is kept in three files: panes and hints; messages and dialogs;
    // the store's timeline entries and the security pane; and, in files of their own with
    // all three languages, the keyword rules screen and several files on one reply.
    private static let englishAll = english.merging(englishMessages) { first, _ in first }.merging(englishTimeline) { first, _ in first }
        .merging(englishRules) { first, _ in first }
        .merging(englishReplyFiles) { first, _ in first }
        .merging(englishModeKeys) { first, _ in first }
        .merging(englishFormKeys) { first, _ in first }
        .merging(englishReportsJob) { first, _ in first }
    private static let indonesianAll = indonesian.merging(indonesianMessages) { first, _ in first }.merging(indonesianTimeline) { first, _ in first }
        .merging(indonesianRules) { first, _ in first }
        .merging(indonesianReplyFiles) { first, _ in first }
        .merging(indonesianModeKeys) { first, _ in first }
        .merging(indonesianFormKeys) { first, _ in first }
        .merging(indonesianReportsJob) { first, _ in first }
    private static let chineseAll = chinese.merging(chineseMessages) { first, _ in first }.merging(chineseTimeline) { first, _ in first }
        .merging(chineseRules) { first, _ in first }
        .merging(chineseReplyFiles) { first, _ in first }
        .merging(chineseModeKeys) { first, _ in first }
        .merging(chineseFormKeys) { first, _ in first }
        .merging(chineseReportsJob) { first, _ in first }

    /// The text of `id` in `language`, with `{1}`, `{2}`… replaced by `arguments`.
    static func text(_ id: MessageID, _ language: ContentLanguage, _ arguments: [String] = []) -> String {
        var text = table(language)[id] ?? englishAll[id] ?? id.rawValue
        for (i, argument) in arguments.enumerated() {
            text = replacing("{\(i + 1)}", with: argument, in: text)
        }
        return text
    }

    /// Every `placeholder` in `text` replaced, byte for byte. Frames format titles and
    /// counts through here many times each; Foundation's `replacingOccurrences` went
    /// through NSString for each.
    static func replacing(_ placeholder: String, with value: String, in text: String) -> String {
        let bytes = Array(text.utf8), needle = Array(placeholder.utf8)
        guard let first = needle.first else { return text }
        var out: [UInt8] = []
        var i = 0
        var found = false
        while i < bytes.count {
            if bytes[i] == first, i + needle.count <= bytes.count, bytes[i..<(i + needle.count)].elementsEqual(needle) {
                if !found { out.reserveCapacity(bytes.count + value.utf8.count); out += bytes[..<i]; found = true }
                out += value.utf8
                i += needle.count
            } else {
                if found { out.append(bytes[i]) }
                i += 1
            }
        }
        return found ? String(decoding: out, as: UTF8.self) : text
    }

    /// The language a console starts in when the agent has not chosen one: the
    /// locale's (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
    static func language(fromEnvironment environment: [String: String]) -> ContentLanguage {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        return locale.flatMap(ContentLanguage.init(locale:)) ?? .en
    }
}

extension ConsoleState {
    /// The console's text in this agent's language.
    func t(_ id: MessageID, _ arguments: String...) -> String {
        Catalogue.text(id, agentLanguage, arguments)
    }
}

extension QueueView {
    /// The view's name in the header and the queue's title.
    var titleID: MessageID {
        switch self {
        case .mine: .viewMine
        case .unassigned: .viewUnassigned
        case .team: .viewTeam
        case .breaching: .viewBreaching
        case .pending: .viewPending
        case .untriaged: .viewUntriaged
        case .all: .viewAll
        }
    }
}

extension Role {
    var titleID: MessageID {
        switch self {
        case .agent: .roleAgent
        case .supervisor: .roleSupervisor
        case .admin: .roleAdmin
        }
    }
}
