import SupportCore
import TermUI

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

/// A playbook as a checklist over the ticket: done, skipped (with why) or to do.
enum PlaybookOverlay {
    static func render(_ state: ConsoleState, _ view: PlaybookViewState, into screen: inout Screen) {
        let theme = state.theme
        // Steps are instructions to the agent: in the agent's language, not the customer's.
        let language = state.agentLanguage
        let width = min(state.width - 4, 100)
        let height = min(state.height - 4, view.playbook.steps.count * 2 + 4)
        let rect = screen.bounds.centered(width: width, height: height)
        screen.fill(rect, style: theme.style("dialog"))
        screen.box(rect, style: theme.style("dialog.border"), title: state.t(.pbTitle, view.playbook.title.text(in: language)), border: .double)
        let inner = rect.inset(by: 1)
        var y = inner.y + 1
        for (i, step) in view.playbook.steps.enumerated() where y < inner.maxY {
            let record = view.progress[step.key]
            let mark = record.map { $0.outcome == "done" ? "[x]" : "[-]" } ?? "[ ]"
            let style = theme.style(i == view.selected ? "list.row.selected" : record == nil ? "dialog" : "muted")
            screen.put(DisplayWidth.pad(" \(mark) \(step.text.text(in: language))", toWidth: inner.width - 2), at: inner.x + 1, y,
                       style: style)
            y += 1
            if let record, y < inner.maxY {
                let detail = "      " + state.t(record.outcome == "done" ? .pbDoneBy : .pbSkippedBy, record.by, TimeText.clock(record.at)) + (record.note.map { " — \($0)" } ?? "")
                screen.put(detail, at: inner.x + 1, y, style: theme.style("muted"), maxWidth: inner.width - 2)
                y += 1
            }
        }
    }
}
