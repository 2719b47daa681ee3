/// Languages support content is written in: English, Bahasa Indonesia, Chinese.
public enum ContentLanguage: String, Sendable, Codable, CaseIterable {
    case en, id, zh

    /// The language's own name, as an agent picking it reads it.
    public var name: String {
        switch self {
        case .en: "English"
        case .id: "Bahasa Indonesia"
        case .zh: "中文"
        }
    }

    /// The language of a POSIX locale (`id_ID.UTF-8`, `zh_CN`, `en_US`), or nil for
    /// `C`, `POSIX` and languages paydesk has no text in.
    public init?(locale: String) {
        let code = locale.prefix { $0.isLetter }.lowercased()
        switch code {
        case "id", "in": self = .id     // `in` is Indonesian's withdrawn ISO 639 code, still seen
        case "zh": self = .zh
        case "en": self = .en
        default: return nil
        }
    }
}

/// A canned reply with optional ticket changes, applied in one step from the composer.
/// Bodies hold placeholders such as `{customer.name}` filled in at use.
public struct Macro: Sendable, Hashable, Codable, Identifiable {
    /// Shared by the translations of one macro (`failed-payment-checklist`).
    public var key: String
    public var locale: ContentLanguage
    public var title: String
    public var setStatus: TicketStatus?
    public var setPriority: Priority?
    public var addTags: [String]
    public var body: String

    public init(key: String, locale: ContentLanguage, title: String, setStatus: TicketStatus? = nil,
                setPriority: Priority? = nil, addTags: [String] = [], body: String) {
        self.key = key; self.locale = locale; self.title = title; self.setStatus = setStatus
        self.setPriority = setPriority; self.addTags = addTags; self.body = body
    }

    public var id: String { "\(key)/\(locale.rawValue)" }

    /// Placeholders the console knows how to fill.
    public static let knownPlaceholders = ["customer.name", "ticket.number", "agent.name", "ticket.subject"]

    /// Placeholder names used in the body, in order of first use.
    public var placeholders: [String] {
        MacroTemplate.segments(body).compactMap { segment in
            if case .placeholder(let name) = segment { name } else { nil }
        }.uniqued()
    }

    /// The body with placeholders replaced. One without a value stays visible as
    /// `{name}` so the agent sees the gap before sending instead of a silent blank.
    public func render(values: [String: String]) -> String {
        rendering(values: values).text
    }

    /// The rendered text plus the placeholders that had no value.
    public func rendering(values: [String: String]) -> MacroRendering {
        var text = ""
        var unresolved: [String] = []
        for segment in MacroTemplate.segments(body) {
            switch segment {
            case .literal(let literal):
                text += literal
            case .placeholder(let name):
                if let value = values[name] {
                    text += value
                } else {
                    text += "{\(name)}"
                    unresolved.append(name)
                }
            }
        }
        return MacroRendering(text: text, unresolved: unresolved.uniqued())
    }

    /// The built-in macro with `key` in `locale`, falling back to English.
    public static func named(_ key: String, locale: ContentLanguage = .en) -> Macro? {
        let translations = builtIn.filter { $0.key == key }
        return translations.first { $0.locale == locale } ?? translations.first { $0.locale == .en }
    }
}

public struct MacroRendering: Sendable, Hashable {
    public var text: String
    /// Placeholders left as `{name}` because no value was given.
    public var unresolved: [String]

    public var isComplete: Bool { unresolved.isEmpty }
}

/// Splits a body into literal text and `{name}` placeholders. Braces that do not wrap a
/// plain dotted name (`{ }`, `{a b}`) are literal text, so customers' own braces survive.
enum MacroTemplate {
    enum Segment: Equatable {
        case literal(String)
        case placeholder(String)
    }

    static func segments(_ body: String) -> [Segment] {
        var segments: [Segment] = []
        var literal = ""
        var rest = Substring(body)
        while let open = rest.firstIndex(of: "{") {
            literal += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"),
               isPlaceholderName(rest[afterOpen..<close]) {
                if !literal.isEmpty { segments.append(.literal(literal)); literal = "" }
                segments.append(.placeholder(String(rest[afterOpen..<close])))
                rest = rest[rest.index(after: close)...]
            } else {
                literal += "{"
                rest = rest[afterOpen...]
            }
        }
        literal += rest
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return segments
    }

    private static func isPlaceholderName(_ name: Substring) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_") }
    }
}

extension Macro {
    /// The status this macro moves a ticket to from `current`, or nil when it sets none or
    /// the ticket already has it. Throws when the lifecycle forbids the move, so a macro
    /// cannot carry a ticket around the rules.
    public func statusChange(from current: TicketStatus) throws(TransitionError) -> TicketStatus? {
        guard let target = setStatus, target != current else { return nil }
        try TicketLifecycle.check(from: current, to: target)
        return target
    }
}
