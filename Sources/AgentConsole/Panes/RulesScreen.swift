import Foundation
import SupportCore
import TermUI

/// The keyword rules screen (`:rules`): what the store's category rules say, filtered as
/// the agent types, with a "try it" line that asks the store which rule intake would apply.
package struct RulesViewState {
    /// Where the keyboard is inside the screen: the list takes the key table's keys, the
    /// two lines take text.
    enum Focus: Equatable { case list, filter, tryIt }

    /// Every rule, oldest first. The table is a few hundred rows at most (people write
    /// them by hand), so it is read whole and filtered here rather than paged.
    var rules: [CategoryRule]
    /// The agent may add and remove; otherwise the screen is read-only and says so.
    var canEdit: Bool
    var focus: Focus = .list
    var filter = TextField()
    var selected = 0
    var scroll = 0
    var sample = TextField()
    /// The last sample tried and the rule the store said would decide it (nil: untriaged).
    var tried: (sample: String, rule: CategoryRule?)?
    var form: RuleFormState?
    var confirm: RuleRemovalState?

    /// The rules whose keyword, language, category/subcategory or author hold the filter.
    var shown: [CategoryRule] {
        let needle = filter.text.lowercased().trimmingCharacters(in: .whitespaces)
        guard !needle.isEmpty else { return rules }
        return rules.filter { rule in
            [rule.keyword.lowercased(), rule.language.rawValue, "\(rule.category.rawValue)/\(rule.subcategory)", rule.createdBy.lowercased()]
                .contains { $0.contains(needle) }
        }
    }

    var selectedRule: CategoryRule? { shown[safe: selected] }
}

/// `a` on the rules screen: keyword, category[/subcategory] (Tab completes) and language.
struct RuleFormState {
    enum Field: Int, CaseIterable { case keyword, category, language }
    var keyword = TextField(maxLength: CategoryRules.maximumKeywordCharacters)
    var category = TextField()
    var language: TextField
    var field: Field = .keyword
    /// Tab's choices when there is more than one, listed under the field.
    var candidates: [String] = []
    var error: String?
    /// The agent typed a language: from then on the keyword's own language is not guessed.
    var languageEdited = false

    init(language: ContentLanguage) { self.language = TextField(text: language.rawValue) }

    /// Every `category/subcategory` the store accepts, for completion.
    static let topics: [String] = Category.allCases.flatMap { c in c.subcategories.map { "\(c.rawValue)/\($0)" } }
}

/// `d` on a rule: a destructive step, so it is a danger dialog (TermUI's `Dialog`, as
/// every confirmation), whose focus starts on Cancel until the agent moves it.
struct RuleRemovalState {
    var rule: CategoryRule
    var dialog = Dialog(title: "", message: "", buttons: ["remove", "cancel"], isDanger: true, preferredWidth: 64)

    init(rule: CategoryRule) { self.rule = rule }

    var removeFocused: Bool { dialog.focus == .button(0) }
}

extension ConsoleState {
    /// The rules screen is up: the status bar names it in place of the focused pane.
    var showsRules: Bool { if case .rules = mode { true } else { false } }
}

enum RulesScreen {
    static func area(_ state: ConsoleState) -> Rect { Rect(x: 0, y: 1, width: state.width, height: state.height - 3) }

    /// Rows of the list that fit: the frame, the filter line, the header, and the try-it
    /// block (rule, line, result) below.
    static func visibleRows(height: Int) -> Int { max(1, height - 3 - 2 - 2 - 3) }

    static func render(_ state: ConsoleState, _ view: RulesViewState, into screen: inout Screen) {
        let theme = state.theme
        let chrome = PaneChrome(rect: area(state), focused: true, theme: theme)
        let shown = view.shown
        let count = shown.count == view.rules.count ? String(view.rules.count) : state.t(.rulesOf, String(shown.count), String(view.rules.count))
        chrome.drawFrame(into: &screen, title: state.t(view.canEdit ? .titleRules : .titleRulesReadOnly, count))
        let inner = chrome.inner
        let field = TextFieldStyle(theme: theme)
        // The filter line.
        let label = state.t(.rulesFilterLabel) + " "
        let lx = inner.x + 1 + screen.put(label, at: inner.x + 1, inner.y, style: theme.style(view.focus == .filter ? "prompt" : "muted"))
        view.filter.draw(into: &screen, in: Rect(x: lx, y: inner.y, width: max(1, inner.maxX - 1 - lx), height: 1), style: field,
                         focused: view.focus == .filter)
        // The list.
        let columns = RuleColumn.table(RuleColumn.allCases, width: inner.width, language: state.agentLanguage)
        chrome.drawHeader(into: &screen, columns, y: inner.y + 1)
        let rows = visibleRows(height: state.height)
        let matched = view.tried?.rule?.id
        if shown.isEmpty {
            chrome.line(into: &screen, state.t(view.rules.isEmpty ? .rulesNone : .rulesNoMatch), row: 2, style: theme.style("muted"), indent: 1)
        }
        let top = firstRow(view, count: shown.count, rows: rows)
        for (i, rule) in shown.enumerated().dropFirst(top).prefix(rows) {
            let y = inner.y + 2 + i - top
            let selected = i == view.selected && view.focus != .tryIt
            // » marks the rule the try-it line found, wherever the selection is.
            let keyword = (rule.id == matched ? "» " : "") + rule.keyword
            chrome.drawCells(into: &screen, [String(rule.id), rule.language.rawValue, keyword, "\(rule.category.rawValue)/\(rule.subcategory)",
                                             rule.createdBy, added(rule)],
                             columns: columns, y: y, style: chrome.rowStyle(selected: selected),
                             cellStyles: rule.id == matched ? [2: theme.style("success")] : [:])
        }
        // The try-it block at the bottom.
        let ty = inner.maxY - 3
        screen.put(String(repeating: "─", count: inner.width), at: inner.x, ty, style: theme.style("pane.border"))
        let tl = state.t(.rulesTryLabel) + " "
        let tx = inner.x + 1 + screen.put(tl, at: inner.x + 1, ty + 1, style: theme.style(view.focus == .tryIt ? "prompt" : "muted"))
        var sample = view.sample
        if sample.isEmpty { sample.placeholder = state.t(.phRuleSample) }
        sample.draw(into: &screen, in: Rect(x: tx, y: ty + 1, width: max(1, inner.maxX - 1 - tx), height: 1), style: field,
                    focused: view.focus == .tryIt)
        if let tried = view.tried {
            let text = tried.rule.map { state.t(.rulesTryMatch, String($0.id), $0.keyword, $0.language.rawValue, "\($0.category.rawValue)/\($0.subcategory)") }
                ?? state.t(.rulesTryNone)
            chrome.line(into: &screen, TextSanitizer.clean(text), row: ty + 2 - inner.y, style: theme.style(tried.rule == nil ? "warning" : "success"), indent: 1)
        } else if !view.canEdit {
            chrome.line(into: &screen, state.t(.rulesReadOnlyNote), row: ty + 2 - inner.y, style: theme.style("muted"), indent: 1)
        }
        if let form = view.form { renderForm(state, form, into: &screen) }
        if let confirm = view.confirm { renderConfirm(state, confirm, into: &screen) }
    }

    /// The first row on screen: the kept scroll, pulled back when the window grew (a
    /// resize) so the list fills it, and moved so the selection is in sight.
    static func firstRow(_ view: RulesViewState, count: Int, rows: Int) -> Int {
        var top = min(view.scroll, max(0, count - rows))
        if view.selected < top { top = view.selected }
        if view.selected >= top + rows { top = view.selected - rows + 1 }
        return max(0, top)
    }

    /// The built-in rules came with the database and carry no date of their own.
    static func added(_ rule: CategoryRule) -> String {
        rule.createdAt.timeIntervalSince1970 == 0 ? "—" : TimeText.day(rule.createdAt)
    }

    static func renderForm(_ state: ConsoleState, _ form: RuleFormState, into screen: inout Screen) {
        let theme = state.theme
        let width = min(state.width - 4, 72)
        let rect = screen.bounds.centered(width: width, height: 11)
        screen.fill(rect, style: theme.style("dialog"))
        screen.box(rect, style: theme.style("dialog.border"), title: state.t(.rulesAddTitle), border: .double)
        let labels: [MessageID] = [.rulesKeywordLabel, .rulesCategoryLabel, .rulesLanguageLabel]
        let labelWidth = labels.map { DisplayWidth.of(state.t($0)) }.max()! + 2
        let fields = [form.keyword, form.category, form.language]
        for (i, id) in labels.enumerated() {
            let y = rect.y + 2 + i
            let focused = form.field.rawValue == i
            screen.put(state.t(id), at: rect.x + 2, y, style: theme.style(focused ? "dialog.title" : "dialog"))
            fields[i].draw(into: &screen, in: Rect(x: rect.x + 2 + labelWidth, y: y, width: rect.maxX - 3 - rect.x - labelWidth, height: 1),
                           style: TextFieldStyle(text: theme.style("dialog.input"), placeholder: theme.style("dialog.input.placeholder")),
                           focused: focused)
        }
        if !form.candidates.isEmpty {
            screen.put(form.candidates.joined(separator: "  "), at: rect.x + 2, rect.y + 6, style: theme.style("muted"), maxWidth: width - 4)
        }
        if let error = form.error {
            screen.put(error, at: rect.x + 2, rect.y + 7, style: theme.style("toast.error"), maxWidth: width - 4)
        }
        // The form's keys, from the key table as the footer's (Enter add · Tab complete · …).
        let keys = KeyMap.hintLine(in: [.ruleForm], state)
        screen.put(keys, at: rect.x + 2, rect.maxY - 2, style: theme.style("dialog").dimmed(), maxWidth: width - 4)
    }

    static func renderConfirm(_ state: ConsoleState, _ confirm: RuleRemovalState, into screen: inout Screen) {
        let rule = confirm.rule
        var dialog = confirm.dialog
        dialog.title = state.t(.rulesRemoveTitle, String(rule.id))
        dialog.message = [state.t(.rulesRemoveLine, rule.keyword, rule.language.rawValue, "\(rule.category.rawValue)/\(rule.subcategory)"),
                          state.t(.rulesRemoveEffect)].map(TextSanitizer.clean).joined(separator: "\n")
        dialog.buttons = [state.t(.rulesButtonRemove), state.t(.rulesButtonCancel)]
        DialogState.render(state, dialog, into: &screen)
    }

}

/// The rules list's columns; the category gets a quarter of a wide screen (25 to 30).
enum RuleColumn: ListColumn, CaseIterable {
    case id, language, keyword, category, by, added

    func heading(_ language: ContentLanguage) -> String {
        let id: MessageID = switch self {
        case .id: .colRuleId
        case .language: .colRuleLanguage
        case .keyword: .colRuleKeyword
        case .category: .colCategory
        case .by: .colRuleBy
        case .added: .colRuleAdded
        }
        return Catalogue.text(id, language)
    }

    func width(in paneWidth: Int) -> Int? {
        switch self {
        case .id: 5
        case .language: 4
        case .keyword: 0
        case .category: min(30, max(25, paneWidth / 4))
        case .by, .added: 10
        }
    }

    var alignment: Alignment { self == .id ? .right : .left }
}
