import SupportCore
import TermUI

/// The macro picker: search by key or title, preview the rendered reply.
package struct MacroPickerState {
    var search: TextField
    var selected = 0
    /// The agent's choice of reply language; nil follows the customer's.
    var language: ContentLanguage?

    init(placeholder: String = "") { search = TextField(placeholder: placeholder) }
}

/// The macro picker: a search field, the matching macros, and a preview of the reply
/// exactly as the customer would receive it.
enum MacroPickerOverlay {
    /// Replies are in the customer's language: the record's, else what their latest
    /// telling message (else the ticket's subject) is written in, else Bahasa Indonesia.
    static func language(for state: ConsoleState) -> ContentLanguage {
        // What the customer record says (learned at intake or set by an agent) comes first.
        if let known = state.account.customer?.language { return known }
        let messages = state.ticket?.events.filter { $0.kind == .customerMessage }.map(\.body) ?? []
        for body in messages.reversed() {
            if let language = LanguageDetection.detect([body]) { return language }
        }
        let subject = state.ticket?.ticket.subject ?? state.queue.window.selectedRow?.subject ?? ""
        return LanguageDetection.detect([subject]) ?? .id
    }

    /// The picker's language: the agent's choice, else the customer's.
    static func language(for state: ConsoleState, picker: MacroPickerState) -> ContentLanguage {
        picker.language ?? language(for: state)
    }

    /// The macros for the ticket's kind first, then the rest, each matching the search.
    static func matches(_ picker: MacroPickerState, in macros: [Macro], state: ConsoleState) -> [Macro] {
        let found = matches(picker.search.text, in: macros, language: language(for: state, picker: picker))
        guard let kind = ticketKind(state) else { return found }
        return Macro.ranked(found, category: kind.category, subcategory: kind.subcategory)
    }

    /// The open ticket's category and subcategory, else the queue row's category.
    static func ticketKind(_ state: ConsoleState) -> (category: Category, subcategory: String)? {
        if let t = state.ticket?.ticket { return (t.category, t.subcategory) }
        return state.queue.window.selectedRow.map { ($0.category, "") }
    }

    /// A macro's field changes as short chips: `status → pending`, `+failed-payment`.
    static func chips(_ macro: Macro) -> [String] {
        var chips: [String] = []
        if let s = macro.setStatus { chips.append("status → \(s.rawValue)") }
        if let p = macro.setPriority { chips.append("priority → \(p.rawValue)") }
        chips += macro.addTags.map { "+" + $0 }
        return chips
    }

    /// One macro per key, in `language`, whose key or title contains the search text.
    static func matches(_ search: String, in macros: [Macro], language: ContentLanguage) -> [Macro] {
        let needle = search.lowercased()
        var seen = Set<String>()
        return macros.compactMap { macro in
            guard !seen.contains(macro.key) else { return nil }
            let hit = needle.isEmpty || macro.key.contains(needle) || macro.title.lowercased().contains(needle)
                || (Macro.named(macro.key, locale: language)?.title.lowercased().contains(needle) ?? false)
            guard hit else { return nil }
            seen.insert(macro.key)
            return Macro.named(macro.key, locale: language) ?? macro
        }
    }

    static func preview(_ macro: Macro, state: ConsoleState) -> String {
        let number = state.ticket?.ticket.number ?? state.queue.window.selectedRow?.number
        return macro.render(values: ["customer.name": state.account.customer?.name ?? "",
                                     "ticket.number": number.map(TicketNumber.format) ?? "",
                                     "agent.name": state.actor.name,
                                     "ticket.subject": state.ticket?.ticket.subject ?? state.queue.window.selectedRow?.subject ?? ""])
    }

    static func render(_ state: ConsoleState, _ picker: MacroPickerState, into screen: inout Screen) {
        let theme = state.theme
        let width = min(state.width - 4, 110)
        let height = min(state.height - 4, 24)
        let rect = screen.bounds.centered(width: width, height: height)
        screen.fill(rect, style: theme.style("dialog"))
        let language = language(for: state, picker: picker)
        let whose = state.t(picker.language == nil ? .macCustomers : .macYourChoice)
        screen.box(rect, style: theme.style("dialog.border"), title: state.t(.macTitle, language.name, whose), border: .double)
        let inner = rect.inset(by: 1)
        picker.search.draw(into: &screen, in: Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: 1),
                           style: TextFieldStyle(text: theme.style("dialog.input"), placeholder: theme.style("dialog.input.placeholder")),
                           focused: true)
        let list = matches(picker, in: Macro.builtIn, state: state)
        let listWidth = min(40, inner.width / 3)
        let kind = ticketKind(state)
        for (i, macro) in list.prefix(inner.height - 2).enumerated() {
            let style = theme.style(i == picker.selected ? "list.row.selected" : "dialog")
            // ● marks a macro written for this kind of ticket.
            let fits = kind.map { macro.relevance(category: $0.category, subcategory: $0.subcategory) >= 2 } ?? false
            screen.put(DisplayWidth.pad((fits ? "● " : "  ") + macro.title, toWidth: listWidth), at: inner.x + 1, inner.y + 2 + i, style: style)
        }
        guard let chosen = list[safe: picker.selected] else {
            screen.put(state.t(.macNoMatch), at: inner.x + 1, inner.y + 2, style: theme.style("muted"))
            return
        }
        let px = inner.x + listWidth + 3
        let pw = inner.maxX - px - 1
        var y = inner.y + 2
        let changes = chips(chosen)
        screen.put("\(chosen.key) [\(chosen.locale.rawValue)]" + (changes.isEmpty ? "" : " · " + changes.joined(separator: " · ")),
                   at: px, y, style: theme.style("dialog.title"), maxWidth: pw)
        y += 2
        for paragraph in preview(chosen, state: state).split(separator: "\n", omittingEmptySubsequences: false) {
            for line in Wrap.lines(String(paragraph), width: pw) where y < inner.maxY {
                screen.put(line, at: px, y, style: theme.style("dialog"), maxWidth: pw)
                y += 1
            }
        }
    }
}

/// The picker's behaviour: type to search, ↑↓ to choose, a key to switch the reply's
/// language, Enter to put the macro in the composer (`fillComposer`), never to send it.
struct MacroPickerController: ModeController {
    let console: ConsoleController

    func handle(_ key: Key) -> Outcome {
        guard case .macroPicker(var picker) = state.mode else { return .ignored }
        let macros = console.filteredMacros(picker)
        switch key.isText ? nil : KeyMap.action(for: key, in: [.macroPicker]) {
        case .help: return .run(.help)
        case .mode(.next): picker.selected = min(max(0, macros.count - 1), picker.selected + 1)
        case .mode(.previous): picker.selected = max(0, picker.selected - 1)
        case .back:
            state.mode = .normal
            return .handled
        case .open:
            state.mode = .normal
            if let macro = macros[safe: picker.selected] { console.fillComposer(with: macro) }
            return .handled
        case .nextMacroLanguage:
            let all = ContentLanguage.allCases
            let current = MacroPickerOverlay.language(for: state, picker: picker)
            picker.language = all[((all.firstIndex(of: current) ?? 0) + 1) % all.count]
            state.mode = .macroPicker(picker)
            return .handled
        default:
            picker.search.handle(key)
            picker.selected = 0
        }
        state.mode = .macroPicker(picker)
        return .handled
    }
}
