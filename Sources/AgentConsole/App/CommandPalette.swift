import Foundation
import SupportCore
import SupportStore

/// The `:` commands, with suggestions as the agent types (like k9s's command mode).
enum CommandPalette {
    struct Command {
        var name: String
        var argument: String?      // shown in suggestions, e.g. "LOGIN"
        /// What it does, in the catalogue.
        var help: MessageID
        var minimumRole: Role = .agent
        var takesArgument: Bool { argument != nil }
    }

    struct ParseError: Error { var message: String }

    static let commands: [Command] = [
        Command(name: "open", argument: "N", help: .commandOpen),
        Command(name: "claim", help: .commandClaim),
        Command(name: "release", help: .commandRelease),
        Command(name: "give", argument: "LOGIN", help: .commandGive),
        Command(name: "status", argument: "open|pending|on_hold|solved|closed", help: .commandStatus),
        Command(name: "priority", argument: "p1|p2|p3|p4", help: .commandPriority),
        Command(name: "category", argument: "CATEGORY [SUBCATEGORY]", help: .commandCategory),
        Command(name: "tag", argument: "+TAG -TAG", help: .commandTag),
        Command(name: "note", argument: "TEXT", help: .commandNote),
        Command(name: "reply", help: .commandReply),
        Command(name: "escalate", argument: "REASON", help: .commandEscalate),
        Command(name: "macro", argument: "[KEY]", help: .commandMacro),
        Command(name: "playbook", help: .commandPlaybook),
        Command(name: "link", argument: "NUMBER [duplicate]", help: .commandLink),
        Command(name: "merge", argument: "NUMBER", help: .commandMerge),
        Command(name: "new", argument: "WALLET|PHONE|EMAIL CATEGORY[/SUB]", help: .commandNew),
        Command(name: "complaint-open", help: .commandComplaintOpen),
        Command(name: "evidence", argument: "chat|statement|screenshot|tx TEXT", help: .commandEvidence),
        Command(name: "decide", argument: "TEXT", help: .commandDecide),
        Command(name: "complaint-escalate", argument: "supervisor|management|regulator REASON", help: .commandComplaintEscalate),
        Command(name: "view", argument: "mine|unassigned|team|breaching|pending|untriaged|all", help: .commandView),
        Command(name: "sort", argument: "sla|priority|age|updated", help: .commandSort),
        Command(name: "filter", argument: "QUERY", help: .commandFilter),
        Command(name: "txfilter", argument: "QUERY", help: .commandTxfilter),
        Command(name: "reveal", help: .commandReveal),
        Command(name: "language", argument: "en|id|zh", help: .commandLanguage),
        Command(name: "lang", argument: "en|id|zh", help: .commandLang),
        Command(name: "flag", help: .commandFlag),
        Command(name: "dispute", help: .commandDispute),
        Command(name: "appeal", help: .commandAppeal),
        Command(name: "freeze", help: .commandFreeze),
        Command(name: "approve", argument: "REQUEST REASON", help: .commandApprove, minimumRole: .supervisor),
        Command(name: "reject", argument: "REQUEST REASON", help: .commandReject, minimumRole: .supervisor),
        Command(name: "supervisor", help: .commandSupervisor, minimumRole: .supervisor),
        Command(name: "rules", help: .commandRules),
        Command(name: "theme", argument: "NAME", help: .commandTheme),
        Command(name: "refresh", help: .commandRefresh),
        Command(name: "help", help: .commandHelp),
        Command(name: "quit", help: .commandQuit),
    ]

    static func suggestions(for text: String, role: Role) -> [Command] {
        let word = text.split(separator: " ", maxSplits: 1).first.map(String.init)?.lowercased() ?? ""
        return commands.filter { $0.minimumRole <= role && (word.isEmpty || $0.name.hasPrefix(word)) }
    }

    /// True when the text names a whole command (so Enter runs it as typed).
    static func isComplete(_ text: String) -> Bool {
        let word = text.split(separator: " ", maxSplits: 1).first.map(String.init)?.lowercased() ?? ""
        return commands.contains { $0.name == word }
    }

    static func parse(_ text: String, language l: ContentLanguage = .en) -> Result<Action, ParseError> {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1).map(String.init)
        guard let name = parts.first?.lowercased() else { return .failure(ParseError(message: Catalogue.text(.palTypeCommand, l))) }
        let arg = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        func need(_ what: MessageID, _ arguments: String...) -> Result<Action, ParseError> {
            .failure(ParseError(message: Catalogue.text(.palNeeds, l, [name, Catalogue.text(what, l, arguments)])))
        }
        switch name {
        case "open":
            guard let n = Int64(arg.trimmingCharacters(in: CharacterSet(charactersIn: "# "))) else { return need(.needTicketNumberExample) }
            return .success(.openNumber(n))
        case "claim": return .success(.claim)
        case "release": return .success(.release)
        case "give": return arg.isEmpty ? need(.needLogin) : .success(.give(arg))
        case "status":
            guard let s = TicketStatus(rawValue: arg.replacingOccurrences(of: "-", with: "_")) else {
                return need(.needOneOf, TicketStatus.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return .success(.setStatus(s))
        case "priority", "prio":
            guard let p = Priority(rawValue: arg.lowercased()) else { return need(.needOneOf, "p1, p2, p3, p4") }
            return .success(.setPriority(p))
        case "category", "cat":
            let words = arg.lowercased().split(separator: " ").map(String.init)
            guard let c = words.first.flatMap(Category.init(rawValue:)) else {
                return need(.needCategory, Category.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let sub = words.dropFirst().first
            if let sub, !c.subcategories.contains(sub) { return need(.needSubcategory, c.rawValue, c.subcategories.joined(separator: ", ")) }
            return .success(.setCategory(c, sub))
        case "tag": return arg.isEmpty ? need(.needTags) : .success(.tag(arg))
        case "note": return arg.isEmpty ? .success(.compose(.note)) : .success(.note(arg))
        case "reply": return .success(.compose(.reply))
        case "escalate": return arg.isEmpty ? need(.needReason) : .success(.escalate(arg))
        case "macro": return arg.isEmpty ? .success(.openMacroPicker) : .success(.applyMacro(arg))
        case "playbook": return .success(.openPlaybook)
        case "evidence":
            let parts = arg.split(separator: " ", maxSplits: 1).map(String.init)
            let kinds: [String: EvidenceKind] = ["chat": .chatExcerpt, "chat_excerpt": .chatExcerpt, "statement": .statement,
                                                 "screenshot": .screenshot, "tx": .transaction, "transaction": .transaction]
            guard parts.count == 2, let kind = kinds[parts[0].lowercased()] else { return need(.needEvidence) }
            return .success(.addEvidence(kind, parts[1]))
        case "complaint-open": return .success(.askComplaintOpen)
        case "new":
            let words = arg.split(separator: " ").map(String.init)
            guard words.count == 2 else { return need(.needNewCall) }
            let topic = words[1].lowercased().split(separator: "/", maxSplits: 1).map(String.init)
            guard let category = Category(rawValue: topic[0]) else {
                return need(.needOneOf, Category.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let sub = topic.count > 1 ? topic[1] : nil
            if let sub, !category.subcategories.contains(sub) {
                return need(.needOneOf, category.subcategories.joined(separator: ", "))
            }
            return .success(.newCall(.start(NewCall(key: words[0], category: category, subcategory: sub))))
        case "decide": return arg.isEmpty ? need(.needDecision) : .success(.complaintDecision(arg))
        case "complaint-escalate":
            let parts = arg.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2, let level = ComplaintLevel(rawValue: parts[0].lowercased()) else {
                return need(.needLevel)
            }
            return .success(.escalateComplaint(level, parts[1]))
        case "link":
            let words = arg.split(separator: " ").map(String.init)
            guard let n = words.first.flatMap(TicketNumber.parse) else { return need(.needTicketNumber) }
            let duplicate = words.dropFirst().contains { $0.hasPrefix("dup") }
            return .success(.link(n, duplicate ? .duplicateOf : .relatesTo))
        case "merge":
            guard let n = TicketNumber.parse(arg) else { return need(.needMergeTarget) }
            return .success(.merge(n))
        case "view":
            guard let v = QueueView(rawValue: arg.lowercased()) else {
                return need(.needOneOf, QueueView.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return .success(.setView(v))
        case "sort":
            guard let s = QueueSort(rawValue: arg.lowercased()) else { return need(.needOneOf, "sla, priority, age, updated") }
            return .success(.setSort(s))
        case "filter": return .success(.applyFilter(.queue, arg))
        case "txfilter": return .success(.applyFilter(.transactions, arg))
        case "reveal": return .success(.askReveal)
        case "language":
            guard let chosen = ContentLanguage(rawValue: arg.lowercased()) else { return need(.needOneOf, "en, id, zh") }
            return .success(.setCustomerLanguage(chosen))
        case "lang":
            guard let chosen = ContentLanguage(rawValue: arg.lowercased()) else { return need(.needOneOf, "en, id, zh") }
            return .success(.setUILanguage(chosen))
        case "refresh": return .success(.refresh)
        case "theme": return arg.isEmpty ? need(.needTheme) : .success(.setTheme(arg))
        case "supervisor": return .success(.toggleSupervisor)
        case "rules": return .success(.openRules)
        case "flag": return .success(.askSecurityKind(.flagTransaction))
        case "dispute": return .success(.askSecurityKind(.openDispute))
        case "appeal": return .success(.askSecurityKind(.openAppeal))
        case "freeze": return .success(.askSecurityKind(.freeze))
        case "approve", "reject":
            let parts = arg.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2, let id = Int64(parts[0].trimmingCharacters(in: CharacterSet(charactersIn: "#"))) else {
                return need(.needRequest)
            }
            return .success(.decideRequest(id, approve: name == "approve", parts[1]))
        case "help": return .success(.help)
        case "quit", "q": return .success(.quit)
        default:
            return .failure(ParseError(message: Catalogue.text(.palUnknown, l, [name])))
        }
    }
}
