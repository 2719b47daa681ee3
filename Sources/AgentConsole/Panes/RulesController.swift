import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

/// What the rules screen's list keys do (bound in `KeyMap` under "Keyword rules").
enum RulesAction: Equatable, Sendable {
    case move(Int)
    case page(Int)
    case filter
    case add
    case remove
    case tryIt
    case close
}

extension ConsoleController {
    /// `:rules`: the keyword rules screen, over the panes.
    func openRules() {
        perform {
            let rules = try client.categoryRules()
            state.mode = .rules(RulesViewState(rules: rules, canEdit: state.actor.role.can(.manageCategoryRules)))
        }
    }
}

/// The keyword rules screen's behaviour (drawn by `RulesScreen`, state `RulesViewState`):
/// the list, its filter line, the try-it line, the add form and the removal question.
/// Every read and change is a request through the client, so it works embedded and
/// against `paydesk serve` alike; the store decides who may change a rule; the screen
/// only spares an agent a form they could not submit.
struct RulesController: ModeController {
    let console: ConsoleController

    func handle(_ key: Key) -> Outcome {
        guard case .rules(var view) = state.mode else { return .ignored }
        if view.confirm != nil { return handleRemoval(key, &view) }
        if view.form != nil { return handleForm(key, &view) }
        switch view.focus {
        case .filter:
            // Text goes to the line; the line's keys are KeyMap's "Rules filter".
            switch key.isText ? nil : KeyMap.action(for: key, in: [.rulesFilter]) {
            case .help: return .run(.help)
            case .mode(.confirm): view.focus = .list
            case .mode(.cancel):
                view.filter.text = ""
                view.focus = .list
            case .mode(.next): moveRules(&view, by: 1)
            case .mode(.previous): moveRules(&view, by: -1)
            default:
                // Filter as you type: the list follows every key, from its first row.
                if view.filter.handle(key) { view.selected = 0; view.scroll = 0 }
            }
        case .tryIt:
            switch key.isText ? nil : KeyMap.action(for: key, in: [.rulesTry]) {
            case .help: return .run(.help)
            case .mode(.cancel): view.focus = .list
            case .mode(.confirm): tryRules(&view)
            default: view.sample.handle(key)
            }
        case .list:
            guard let action = KeyMap.action(for: key, in: [.rules]) else { break }
            guard case .rules(let a) = action else { return .run(action) }
            switch a {
            case .move(let delta): moveRules(&view, by: delta)
            case .page(let delta): moveRules(&view, by: delta * max(1, RulesScreen.visibleRows(height: state.height) - 1))
            case .filter: view.focus = .filter
            case .tryIt: view.focus = .tryIt
            case .add:
                guard view.canEdit else { warn(state.t(.msgRulesNeedPermission)); break }
                view.form = RuleFormState(language: state.agentLanguage)
            case .remove:
                guard view.canEdit else { warn(state.t(.msgRulesNeedPermission)); break }
                guard let rule = view.selectedRule else { warn(state.t(.msgRulesNoneSelected)); break }
                view.confirm = RuleRemovalState(rule: rule)
            case .close:
                state.mode = .normal
                return .handled
            }
        }
        state.mode = .rules(view)
        return .handled
    }

    private func moveRules(_ view: inout RulesViewState, by delta: Int) {
        let count = view.shown.count
        guard count > 0 else { return }
        view.selected = max(0, min(count - 1, view.selected + delta))
        let rows = RulesScreen.visibleRows(height: state.height)
        view.scroll = RulesScreen.firstRow(view, count: count, rows: rows)
        if view.selected < view.scroll { view.scroll = view.selected }
        if view.selected >= view.scroll + rows { view.scroll = view.selected - rows + 1 }
    }

    /// Asks the store which rule intake would apply to the sample: the same matcher, so
    /// what the line says is what the next mail gets.
    private func tryRules(_ view: inout RulesViewState) {
        let sample = view.sample.text
        guard !sample.trimmingCharacters(in: .whitespaces).isEmpty else { return warn(state.t(.msgRulesTypeSample)) }
        perform {
            let rule = try client.matchCategoryRule(subject: sample, body: "")
            view.tried = (sample, rule)
            if let rule, let i = view.shown.firstIndex(where: { $0.id == rule.id }) {
                view.selected = i
                moveRules(&view, by: 0)
            }
        }
    }

    private func handleForm(_ key: Key, _ view: inout RulesViewState) -> Outcome {
        guard var form = view.form else { return .handled }
        form.error = nil
        // Text goes to the focused field; the form's keys are KeyMap's "New rule form".
        let action = key.isText ? nil : KeyMap.action(for: key, in: [.ruleForm])
        switch action {
        case .help: return .run(.help)
        case .mode(.cancel):
            view.form = nil
            say(state.t(.statusCancelled))
        case .mode(.confirm):
            submitRule(&form, &view)
        case .mode(.nextFocus), .mode(.previousFocus):
            let all = RuleFormState.Field.allCases
            let step = action == .mode(.nextFocus) ? 1 : all.count - 1
            if form.field == .keyword { guessLanguage(&form) }
            form.field = all[(form.field.rawValue + step) % all.count]
            form.candidates = []
        case .mode(.complete):
            completeRuleField(&form)
        default:
            switch form.field {
            case .keyword: form.keyword.handle(key)
            case .category: form.category.handle(key)
            case .language: form.languageEdited = form.language.handle(key) || form.languageEdited
            }
            form.candidates = []
        }
        if view.form != nil { view.form = form }
        state.mode = .rules(view)
        return .handled
    }

    /// Tab on the category (or language) field completes what is typed, as the filter
    /// prompt does: one choice fills in, several fill their common start and are listed.
    /// On the keyword field it moves on.
    private func completeRuleField(_ form: inout RuleFormState) {
        let choices: [String]
        switch form.field {
        case .keyword:
            guessLanguage(&form)
            form.field = .category
            return
        case .category: choices = RuleFormState.topics
        case .language: choices = ContentLanguage.allCases.map(\.rawValue)
        }
        let typed = (form.field == .category ? form.category.text : form.language.text).lowercased()
        let matching = choices.filter { $0.hasPrefix(typed) }
        guard let first = matching.first else { return }
        var common = first
        for m in matching.dropFirst() { while !m.hasPrefix(common) { common.removeLast() } }
        let filled = matching.count == 1 ? first : common
        if form.field == .category { form.category.text = filled } else { form.language.text = filled; form.languageEdited = true }
        form.candidates = matching.count > 1 ? matching : []
    }

    /// The keyword's language, as the rule's default: "saldo kepotong" is Indonesian
    /// whatever language the agent's console speaks. What the agent typed wins.
    private func guessLanguage(_ form: inout RuleFormState) {
        guard !form.languageEdited, let found = LanguageDetection.detect([form.keyword.text]) else { return }
        form.language.text = found.rawValue
    }

    private func submitRule(_ form: inout RuleFormState, _ view: inout RulesViewState) {
        guessLanguage(&form)
        let keyword = form.keyword.text.trimmingCharacters(in: .whitespaces)
        let topic = form.category.text.lowercased().split(separator: "/", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !keyword.isEmpty else { form.field = .keyword; form.error = state.t(.msgRulesKeywordNeeded); return }
        guard let category = topic.first.flatMap(Category.init(rawValue:)) else {
            form.field = .category
            form.error = state.t(.needCategory, Category.allCases.map(\.rawValue).joined(separator: ", "))
            return
        }
        guard let language = ContentLanguage(rawValue: form.language.text.lowercased().trimmingCharacters(in: .whitespaces)) else {
            form.field = .language
            form.error = state.t(.needOneOf, "en, id, zh")
            return
        }
        let sub = topic.count > 1 && !topic[1].isEmpty ? topic[1] : nil
        do {
            let rule = try client.addCategoryRule(keyword: keyword, language: language, category: category, subcategory: sub)
            view.form = nil
            try reloadRules(&view, select: rule.id)
            say(state.t(.msgRuleAdded, String(rule.id), rule.keyword, "\(rule.category.rawValue)/\(rule.subcategory)"))
        } catch let error as StoreError {
            // The store's refusal (no permission, a duplicate, a bad keyword) stays in the
            // form with what was typed, so nothing is lost.
            form.error = error.message
        } catch {
            form.error = "\(error)"
        }
    }

    private func handleRemoval(_ key: Key, _ view: inout RulesViewState) -> Outcome {
        guard var confirm = view.confirm else { return .handled }
        // The keys of every dialog (KeyMap's dialog context): Tab/S-Tab/←→ move the focus.
        switch confirm.dialog.handleKey(key) {
        case .help: return .run(.help)
        case .stays:
            view.confirm = confirm
        case .confirmed:
            view.confirm = nil
            perform {
                try client.removeCategoryRule(id: confirm.rule.id)
                try reloadRules(&view, select: nil)
                say(state.t(.msgRuleRemoved, String(confirm.rule.id), confirm.rule.keyword))
            }
        case .cancelled:
            view.confirm = nil
            say(state.t(.statusCancelled))
        }
        state.mode = .rules(view)
        return .handled
    }

    /// The list again from the store, the selection on `select` (else where it was).
    private func reloadRules(_ view: inout RulesViewState, select id: Int64?) throws {
        view.rules = try client.categoryRules()
        if let id {
            if !view.shown.contains(where: { $0.id == id }) { view.filter.text = "" }
            view.selected = view.shown.firstIndex { $0.id == id } ?? 0
        } else {
            view.selected = min(view.selected, max(0, view.shown.count - 1))
        }
        if let tried = view.tried, tried.rule.map({ rule in !view.rules.contains { $0.id == rule.id } }) ?? false {
            view.tried = nil   // the rule it named is gone: a stale answer would mislead
        }
        moveRules(&view, by: 0)
    }
}
