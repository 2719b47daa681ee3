import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

extension ConsoleController {
    /// The key contexts active for the focused pane, most specific first.
    var keyContexts: [KeyContext] { state.keyContexts }

    func handle(_ event: Event) {
        let pin = timelinePin()
        defer { keepPinned(pin); keepListsInView() }
        switch event {
        case .resize(let w, let h):
            state.width = w
            state.height = h
        case .tick:
            state.now = client.now()
            pollExport()
        case .mouse(let m):
            handleMouse(m)
        case .paste(let text):
            handlePaste(text)
        case .key(let key):
            handleKey(key)
        }
    }

    /// Where the open timeline stood before an event, to tell "reading the newest entry"
    /// from "scrolled up on purpose".
    private func timelinePin() -> (number: Int64, scroll: Int, maxScroll: Int)? {
        guard let view = state.ticket, let layout = TimelineLayout.current(state) else { return nil }
        return (view.ticket.number, view.scroll, layout.maxScroll)
    }

    /// An agent on the newest entry stays on it when the timeline's height changes (a
    /// resize, the composer opening or closing, a new entry), as a chat does.
    private func keepPinned(_ pin: (number: Int64, scroll: Int, maxScroll: Int)?) {
        guard let pin, pin.scroll >= pin.maxScroll, state.ticket?.ticket.number == pin.number,
              state.ticket?.scroll == pin.scroll, let layout = TimelineLayout.current(state),
              layout.maxScroll != pin.maxScroll else { return }
        state.ticket?.scroll = layout.maxScroll
    }

    /// A mode's unit has the keyboard; else the screen's own keys, then the key table's
    /// binding for the focused pane (see `KeyDispatch`).
    private func handleKey(_ key: Key) {
        // A move or a turn asks again below; any other key ends what it asked for.
        lastReadAhead = nil
        if let unit = KeyDispatch.mode(state.mode, self) { return finish(unit.handle(key)) }
        if let unit = KeyDispatch.screen(state.screen, self) {
            let outcome = unit.handle(key)
            if outcome != .ignored { return finish(outcome) }
        }
        if let action = KeyMap.action(for: key, in: keyContexts) { update(action) }
    }

    /// Does what a unit's outcome asks.
    func finish(_ outcome: Outcome) {
        if case .run(let action) = outcome { update(action) }
    }

    private func handlePaste(_ text: String) {
        switch state.mode {
        case .composer(var composer):
            composer.area.insert(text)
            state.mode = .composer(composer)
            saveDraftSoon(composer)
        case .filter(var prompt):
            prompt.field.insert(text.replacingOccurrences(of: "\n", with: " "))
            state.mode = .filter(prompt)
        case .palette(var prompt):
            prompt.field.insert(text.replacingOccurrences(of: "\n", with: " "))
            state.mode = .palette(prompt)
        default:
            break
        }
    }

    func update(_ action: Action) {
        switch action {
        case .quit:
            state.running = false
        case .help:
            // Over the mode it explains, which gets the keyboard back when it closes.
            if case .help = state.mode { break }
            state.mode = .help(scroll: 0, over: state.mode)
        case .focusNext:
            state.focus = PaneID(rawValue: (state.focus.rawValue + 1) % PaneID.allCases.count)!
        case .focusPrevious:
            state.focus = PaneID(rawValue: (state.focus.rawValue + PaneID.allCases.count - 1) % PaneID.allCases.count)!
        case .focus(let pane):
            state.focus = pane
            if pane == .queue { state.ticket?.showsComplaint = false }
        case .toggleComplaint:
            toggleComplaint()
        case .moveUp, .moveDown, .pageUp, .pageDown, .home, .end, .open:
            // What moving and opening mean is the focused pane's.
            finish(KeyDispatch.pane(state.focus, self).handle(action))
        case .openNumber(let number):
            perform {
                try openTicket(number: number)
                state.focus = .queue
                // Selected in the queue too when the view holds it, so Esc lands on it.
                _ = try selectInQueue(number)
                announcePresence(on: number, .viewing)
            }
        case .promptOpenNumber:
            state.mode = .palette(PalettePrompt(field: TextField(text: "open ", placeholder: "")))
        case .nextMacroLanguage: break   // only the macro picker has it
        case .back: back()
        case .refresh:
            refreshFromDatabase()
            say(state.t(.statusReloaded))
        case .startFilter:
            startFilter()
        case .startPalette:
            state.mode = .palette(PalettePrompt(field: TextField(placeholder: state.t(.paletteHint))))
        case .applyFilter(let pane, let text):
            applyFilter(pane, text)
        case .nextView:
            let views = visibleViews
            let i = views.firstIndex(of: state.queue.view) ?? 0
            update(.setView(views[(i + 1) % views.count]))
            readAheadTurn(to: QueueSpec(view: views[(i + 2) % views.count], query: state.queue.query, sort: state.queue.sort, actor: state.actor))
        case .setView(let view):
            state.queue.view = view
            state.ticket = nil
            perform { try reloadQueueForNewViewOrSort() }
            say(state.t(.statusQueueView, state.t(view.titleID)))
        case .cycleSort:
            let all = QueueSort.allCases
            let i = all.firstIndex(of: state.queue.sort) ?? 0
            update(.setSort(all[(i + 1) % all.count]))
            readAheadTurn(to: QueueSpec(view: state.queue.view, query: state.queue.query, sort: all[(i + 2) % all.count], actor: state.actor))
        case .setSort(let sort):
            state.queue.sort = sort
            perform { try reloadQueueForNewViewOrSort() }
            say(state.t(.msgSortedBy, sortTitle(sort)))
        case .claim, .release, .give, .setStatus, .setPriority, .setCategory, .tag, .note:
            runTicketAction(action)
        case .escalate, .link, .merge, .confirmMerge, .applyMacro, .openMacroPicker, .openPlaybook,
             .addEvidence, .complaintDecision, .escalateComplaint:
            runWorkflow(action)
        case .newCall(.start(let call)):
            startNewCall(call)
        case .newCall:
            break   // reached through the new-ticket dialogs, which supply the text
        case .askComplaintOpen:
            askComplaintOpen()
        case .complaintStatement, .openComplaint:
            break   // reached through the complaint dialogs, which supply the text
        case .confirmClose:
            runTicketAction(.setStatus(.closed), confirmedClose: true)
        case .skipStep, .stepFinding:
            break   // reached through the skip dialog, which supplies the reason
        case .askSecurity:
            askSecurityAction()
        case .askSecurityKind(let kind):
            askSecurityAction(kind)
        case .runSecurityAction:
            break   // reached through the confirmation dialog, which supplies the reason
        case .decideRequest(let id, let approve, let reason):
            perform {
                let r = approve ? try client.approve(requestId: id, reason: reason)
                                : try client.reject(requestId: id, reason: reason)
                try followSelection(force: true)
                say(state.t(approve ? .msgApproved : .msgRejected, String(r.id), state.securityTitle(r.kind)))
            }
        case .setTheme(let name):
            switchTheme(named: name)
        case .toggleSupervisor:
            guard state.actor.role.can(.viewReports) else { return warn(state.t(.msgSupervisorOnly)) }
            state.screen = state.screen == .main ? .supervisor : .main
            if state.screen == .supervisor { refreshSupervisor() }
        case .supervisor(let a): runSupervisor(a)
        case .externalEditor:
            if case .composer(let composer) = state.mode { state.pendingEffect = .editExternally(composer.area.text) }
        case .editorReturned(let text):
            if case .composer(var composer) = state.mode {
                composer.area.text = text
                state.mode = .composer(composer)
                saveDraftSoon(composer)
                say(state.t(.msgBackFromEditor))
            }
        case .compose(let kind):
            openComposer(kind)
        case .send:
            sendComposer()
        case .discardDraft:
            askDiscard()
        case .askReveal:
            askReveal()
        case .openInvestigation: openInvestigation()
        case .investigation: break   // dispatched by the view's own keys
        case .setCustomerLanguage(let language):
            guard let customer = state.account.customer else { return warn(state.t(.msgNoCustomer)) }
            perform {
                let updated = try client.setCustomerLanguage(customerId: customer.id, language: language)
                state.account.customer?.language = updated.language
                say(state.t(.msgRepliesIn, customer.name, language.name))
            }
        case .setUILanguage(let language):
            perform {
                // Kept on the agent's record, so the next session (any machine) speaks it too.
                state.actor = try client.setAgentUILanguage(login: state.actor.login, language: language)
                state.agentLanguage = language
                say(state.t(.uiLanguageSet, language.name))
            }
        case .reveal(let field, let reason):
            reveal(field: field, reason: reason)
        case .exportTransactions: openExportDialog()
        case .openFilterForm: openFilterForm()
        case .attachTransaction: attachSelectedTransaction()
        case .openRules: openRules()
        case .holdReplyForExport: holdReplyForExport()
        case .dropNewestFile: dropNewestFile()
        case .rules: break   // dispatched by the rules screen's own keys
        case .confirmDialog:
            confirmDialog()
        case .cancelDialog:
            // Esc in a playbook step's dialog goes back to the checklist, not to the queue.
            var fromStep: String?
            if case .dialog(let dialog) = state.mode {
                switch dialog.confirm {
                case .runSecurityAction(_, _, let step?): fromStep = step
                case .skipStep(let step), .stepFinding(let step): fromStep = step
                default: break
                }
            }
            state.mode = .normal
            if let fromStep { returnToPlaybook(at: fromStep) }
            say(state.t(.statusCancelled))
        case .status(let text):
            say(text)
        case .mode:
            break   // performed by the handler of the mode that has the keyboard
        }
    }

    var visibleViews: [QueueView] {
        // Every view the role can open with `:view`; an agent's All is their own and the
        // unassigned tickets, closed ones included.
        state.actor.role.can(.viewAllQueues) ? QueueView.allCases : [.mine, .unassigned, .breaching, .pending, .untriaged, .all]
    }

    func sortTitle(_ sort: QueueSort) -> String {
        switch sort {
        case .slaDue: state.t(.sortSLA)
        case .priority: state.t(.sortPriority)
        case .age: state.t(.sortAge)
        case .updated: state.t(.sortUpdated)
        }
    }

    /// Rows visible in the focused list, for paging.
    package var listHeight: Int {
        if state.focus == .queue, let timeline = TimelineLayout.current(state) { return max(2, timeline.timelineHeight) }
        let layout = ConsoleLayout(width: state.width, height: state.height, tabs: state.usesTabs, focus: state.focus)
        return max(1, (layout.rect(for: state.focus)?.height ?? 10) - 4)
    }

    private func back() {
        if state.transactions.detail != nil && state.focus == .transactions {
            state.transactions.detail = nil
        } else if state.showingComplaint {
            state.ticket?.showsComplaint = false
        } else if let open = state.ticket {
            state.ticket = nil
            announcePresence(on: nil, .viewing)
            perform { try returnToQueue(from: open.ticket) }
        } else if state.focus != .queue {
            state.focus = .queue
        }
    }
}
