import Foundation
import SupportAPI
import SupportCore
import TermUI

/// The `F` form on the transactions pane: one field per filter term, for agents who do
/// not know the filter language yet. It writes the language's text (shown as it is
/// built, so the form teaches the syntax) and reports a bad value against its field.
package struct TransactionFilterForm {
    enum Field: Int, CaseIterable {
        case dateFrom, dateTo, type, status, amountMin, amountMax, counterparty, reference, flagged, other

        var labelID: MessageID {
            switch self {
            case .dateFrom: .tffDateFrom
            case .dateTo: .tffDateTo
            case .type: .txdType
            case .status: .txdStatus
            case .amountMin: .tffAmountMin
            case .amountMax: .tffAmountMax
            case .counterparty: .txdCounterparty
            case .reference: .txdReference
            case .flagged: .txdFlagged
            case .other: .tffOther
            }
        }

        var placeholder: String {
            switch self {
            case .dateFrom: "2026-11-01, 7d, today"
            case .dateTo: "2026-11-26"
            case .type: "payment,topup (!)"
            case .status: "failed (!)"
            case .amountMin: "100000, 50k, 1.5jt"
            case .amountMax: "2jt"
            case .counterparty: "tokopedia"
            case .reference: "TX41"
            case .flagged: "yes / no"
            case .other: "channel:qr, words"
            }
        }
    }

    var fields: [TextField] = Field.allCases.map { TextField(placeholder: $0.placeholder) }
    var selected: Field = .dateFrom
    /// The first problem per field, from the last check.
    var errors: [Field: String] = [:]

    /// Fills the fields from the active filter. Terms the form has no field for (OR'd
    /// dates, comparisons it cannot split, channels, bare words) go to "Other terms"
    /// unchanged, so opening and applying the form never loses part of a filter.
    init(filterText: String, now: Date) {
        guard let query = try? QueryParser.parse(filterText, schema: .transactions, now: now, timeZone: TimeText.zone) else {
            if !filterText.isEmpty { fields[Field.other.rawValue].text = filterText }
            return
        }
        let characters = Array(filterText)
        var other: [String] = []
        for term in query.terms {
            let text = String(characters[term.range])
            if !place(term, text: text) { other.append(text) }
        }
        self[.other] = other.joined(separator: " ")
    }

    subscript(field: Field) -> String {
        get { fields[field.rawValue].text }
        set { fields[field.rawValue].text = newValue }
    }

    /// Puts one term into its field(s); false when the form cannot hold it.
    private mutating func place(_ term: QueryTerm, text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let value = String(text[text.index(after: colon)...])
        let negation = term.negated ? "!" : ""
        func fill(_ field: Field, _ content: String) -> Bool {
            guard self[field].isEmpty else { return false }
            self[field] = content
            return true
        }
        switch term.field {
        case "type": return fill(.type, negation + value)
        case "status": return fill(.status, negation + value)
        case "cp": return fill(.counterparty, negation + value.replacingOccurrences(of: "\"", with: ""))
        case "ref": return fill(.reference, negation + value)
        case "flagged" where !term.negated: return fill(.flagged, value)
        case "date" where !term.negated && !value.contains(","):
            guard self[.dateFrom].isEmpty && self[.dateTo].isEmpty else { return false }
            if let (from, to) = Self.splitRange(value) { self[.dateFrom] = from; self[.dateTo] = to; return true }
            guard !value.hasPrefix(">") && !value.hasPrefix("<") else { return false }
            // A day or `today` is that whole day; `7d` is an instant, open-ended.
            var instant = false
            if case .dates(let ranges) = term.condition { instant = ranges.first?.to == nil }
            self[.dateFrom] = value
            if !instant { self[.dateTo] = value }
            return true
        case "amount" where !term.negated && !value.contains(","):
            guard self[.amountMin].isEmpty && self[.amountMax].isEmpty else { return false }
            if let (low, high) = Self.splitRange(value) { self[.amountMin] = low; self[.amountMax] = high; return true }
            if value.hasPrefix(">=") { self[.amountMin] = String(value.dropFirst(2)); return true }
            if value.hasPrefix("<=") { self[.amountMax] = String(value.dropFirst(2)); return true }
            guard !value.hasPrefix(">") && !value.hasPrefix("<") else { return false }
            self[.amountMin] = value
            self[.amountMax] = value
            return true
        default:
            return false
        }
    }

    /// `a..b`, `a..` and `..b` into their two sides.
    static func splitRange(_ value: String) -> (String, String)? {
        guard let dots = value.range(of: "..") else { return nil }
        return (String(value[..<dots.lowerBound]), String(value[dots.upperBound...]))
    }

    // MARK: building the filter text

    /// Each filled field's term with the fields it came from; empty fields add nothing.
    var terms: [(text: String, fields: [Field])] {
        var terms: [(String, [Field])] = []
        let from = self[.dateFrom].trimmed, to = self[.dateTo].trimmed
        if !from.isEmpty || !to.isEmpty {
            terms.append(("date:" + (from == to ? from : "\(from)..\(to)"), [.dateFrom, .dateTo]))
        }
        for (field, name) in [(Field.type, "type"), (.status, "status")] {
            if let term = Self.listTerm(name, self[field]) { terms.append((term, [field])) }
        }
        let low = self[.amountMin].trimmed, high = self[.amountMax].trimmed
        if !low.isEmpty || !high.isEmpty {
            terms.append(("amount:" + (low == high ? low : "\(low)..\(high)"), [.amountMin, .amountMax]))
        }
        if let term = Self.listTerm("cp", self[.counterparty]) { terms.append((term, [.counterparty])) }
        if let term = Self.listTerm("ref", self[.reference]) { terms.append((term, [.reference])) }
        if !self[.flagged].trimmed.isEmpty { terms.append(("flagged:" + self[.flagged].trimmed, [.flagged])) }
        if !self[.other].trimmed.isEmpty { terms.append((self[.other].trimmed, [.other])) }
        return terms
    }

    /// `!failed, pending` → `-status:failed,pending`; items with spaces are quoted so a
    /// counterparty like `Warung Bu Sri` stays one value.
    static func listTerm(_ name: String, _ raw: String) -> String? {
        var text = raw.trimmed
        guard !text.isEmpty else { return nil }
        let negated = text.hasPrefix("!")
        if negated { text = String(text.dropFirst()).trimmed }
        let items = text.split(separator: ",").map { String($0).trimmed.replacingOccurrences(of: "\"", with: "") }
            .filter { !$0.isEmpty }
        guard !items.isEmpty else { return nil }
        let values = items.map { $0.contains(where: \.isWhitespace) ? "\"\($0)\"" : $0 }
        return (negated ? "-" : "") + name + ":" + values.joined(separator: ",")
    }

    var queryText: String { terms.map(\.text).joined(separator: " ") }

    /// Parses every term on its own, so an error lands on the field that caused it.
    /// Returns the whole filter when all of them parse.
    mutating func check(now: Date) -> Query? {
        errors = [:]
        for (text, fields) in terms {
            do throws(QueryError) {
                _ = try QueryParser.parse(text, schema: .transactions, now: now, timeZone: TimeText.zone)
            } catch {
                errors[blame(error, in: text, among: fields)] = error.message
            }
        }
        guard errors.isEmpty else { return nil }
        return try? QueryParser.parse(queryText, schema: .transactions, now: now, timeZone: TimeText.zone)
    }

    /// For a two-field range, the side of `..` the error points into.
    private func blame(_ error: QueryError, in text: String, among fields: [Field]) -> Field {
        guard fields.count == 2, let dots = text.range(of: "..") else { return fields[0] }
        let dotsOffset = text.distance(from: text.startIndex, to: dots.lowerBound)
        return error.position < dotsOffset ? fields[0] : fields[1]
    }

    mutating func move(by delta: Int) {
        let all = Field.allCases
        selected = all[(selected.rawValue + delta + all.count) % all.count]
    }

    // MARK: drawing

    static func render(_ state: ConsoleState, _ form: TransactionFilterForm, into screen: inout Screen) {
        let theme = state.theme
        let base = theme.style("dialog")
        let rect = screen.bounds.centered(width: min(state.width - 4, 96), height: min(state.height - 2, Field.allCases.count + 7))
        screen.fill(rect, style: base)
        screen.box(rect, style: theme.style("dialog.border"), title: state.t(.tffTitle), border: .double)
        let x = rect.x + 2
        let width = rect.width - 4
        // The labels' column is as wide as this language's longest label.
        let labelWidth = max(14, (Field.allCases.map { DisplayWidth.of(state.t($0.labelID)) }.max() ?? 0) + 2)
        let fieldWidth = min(34, max(12, width - labelWidth - 2 - 20))
        let inputStyle = TextFieldStyle(text: theme.style("dialog.input"), placeholder: theme.style("dialog.input.placeholder"))
        for field in Field.allCases {
            let y = rect.y + 1 + field.rawValue
            guard y < rect.maxY - 4 else { break }
            let focused = field == form.selected
            screen.put(state.t(field.labelID), at: x, y, style: theme.style(focused ? "dialog.title" : "dialog"))
            form.fields[field.rawValue].draw(into: &screen, in: Rect(x: x + labelWidth, y: y, width: fieldWidth, height: 1),
                                             style: inputStyle, focused: focused)
            if let error = form.errors[field] {
                let ex = x + labelWidth + fieldWidth + 1
                screen.put("✗ " + error, at: ex, y, style: theme.style("toast.error"), maxWidth: rect.maxX - 2 - ex)
            }
        }
        let preview = form.queryText.isEmpty ? state.t(.tffNoFilter) : "/" + form.queryText
        screen.put(state.t(.tffFilter) + " " + preview, at: x, rect.maxY - 4, style: base.bolded(), maxWidth: width)
        if let error = form.errors[form.selected] {
            screen.put(state.t(form.selected.labelID) + ": " + error, at: x, rect.maxY - 3, style: theme.style("toast.error"), maxWidth: width)
        }
        screen.put(state.t(.tffFooter), at: x, rect.maxY - 2,
                   style: base.dimmed(), maxWidth: width)
    }
}

/// The `F` form's behaviour: Tab between fields, Enter applies (or stays on the first
/// field with a problem), Esc leaves the filter as it was.
struct FilterFormController: ModeController {
    let console: ConsoleController

    func handle(_ key: Key) -> Outcome {
        guard case .filterForm(var form) = state.mode else { return .ignored }
        switch key.isText ? nil : KeyMap.action(for: key, in: [.filterForm]) {
        case .help: return .run(.help)
        case .mode(.cancel):
            state.mode = .normal
            say(state.t(.msgFilterUnchanged))
            return .handled
        case .mode(.confirm):
            guard form.check(now: client.now()) != nil else {
                // Stay open on the first field with a problem.
                if let first = TransactionFilterForm.Field.allCases.first(where: { form.errors[$0] != nil }) {
                    form.selected = first
                }
                state.mode = .filterForm(form)
                return .handled
            }
            state.mode = .normal
            return .run(.applyFilter(.transactions, form.queryText))
        case .mode(.nextFocus):
            form.move(by: 1)
        case .mode(.previousFocus):
            form.move(by: -1)
        default:
            let index = form.selected.rawValue
            if form.fields[index].handle(key) { form.errors[form.selected] = nil }
        }
        state.mode = .filterForm(form)
        return .handled
    }
}

extension ConsoleController {
    func openFilterForm() {
        guard state.transactions.customerId != nil else { return warn(state.t(.msgSelectToFilter)) }
        state.mode = .filterForm(TransactionFilterForm(filterText: state.transactions.filterText, now: client.now()))
    }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespaces) }
}
