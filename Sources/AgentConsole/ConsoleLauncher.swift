import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

/// Opens the console on a real terminal and runs the loop until the agent quits.
public enum ConsoleLauncher {
    public static func run(client: SupportClient, actor: Agent, theme themeName: String?, themesDir: String? = nil) throws {
        let environment = ProcessInfo.processInfo.environment
        if environment["TERM"] == nil || environment["TERM"] == "dumb" {
            throw StoreError(.invalid, "paydesk needs a terminal that can address the cursor (TERM is \(environment["TERM"] ?? "unset")); try TERM=xterm-256color.")
        }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw StoreError(.invalid, "paydesk's console needs a terminal; use the subcommands (paydesk ticket list …) in scripts.")
        }
        let escape = EscapeDelay.fromEnvironment(environment["ESCDELAY"])
        let terminal = try NCursesTerminal(options: .init(escapeDelayMilliseconds: escape.milliseconds))
        defer { terminal.shutdown() }
        // The theme is resolved once here, for this terminal's colour depth (ThemeLoading.swift).
        let themeContext = ThemeLoading.Context(catalog: ThemeLoading.catalog(themesDir: themesDir, environment: environment),
                                                depth: ThemeLoading.depth(detected: terminal.colorDepth, terminfoColors: terminal.colors),
                                                noColor: environment["NO_COLOR"] != nil)
        ThemeLoading.current = themeContext
        let selection = ThemeLoading.startupTheme(requested: themeName, context: themeContext, environment: environment)
        // Through the service a queue move's side panes, and the next view's or sort's page,
        // are round trips: read them ahead.
        let reading: SupportClient = if case .service = client.endpoint {
            ReadAheadClient.console(wrapping: client, writer: actor.login)
        } else {
            client
        }
        let loop = try EventLoop(client: reading, actor: actor, terminal: terminal, theme: selection.theme)
        // The agent's own choice (`:lang`, kept on their record) wins over this session's locale.
        loop.controller.state.agentLanguage = actor.uiLanguage ?? Catalogue.language(fromEnvironment: environment)
        if let note = selection.note {
            loop.controller.state.status = StatusMessage(text: note, kind: selection.isError ? .error : .info)
        } else if !terminal.isUnicode {
            // Without a UTF-8 locale ncurses can only draw ASCII: say why names show as "?".
            let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? "unset"
            loop.controller.state.status = StatusMessage(
                text: loop.controller.state.t(.msgNotUTF8, locale),
                kind: .info)
        } else if let refused = escape.refused {
            loop.controller.state.status = StatusMessage(
                text: loop.controller.state.t(.msgBadEscDelay, String(TextSanitizer.clean(refused).prefix(40)), String(escape.milliseconds)),
                kind: .error)
        }
        // The console's session bounds go on record (PCI DSS 10.2.1.5); a busy or read-only
        // database must not stop the agent from working, so both are best effort.
        _ = try? client.recordConsoleSession(opened: true)
        defer { _ = try? client.recordConsoleSession(opened: false) }
        loop.run()
        if let signalNumber = loop.endedBySignal {
            // Ended by a signal: the close goes on record, then the process reports the
            // signal as a shell expects (Ctrl-C is 130); the exit hook restores the terminal.
            _ = try? client.recordConsoleSession(opened: false)
            exit(128 + signalNumber)
        }
    }
}

/// The Elm-like loop: event → action → update → render → present (one doupdate).
/// Idle waits are short so SLA countdowns tick each second and other agents' changes
/// (noticed through `PRAGMA data_version`) show within a second.
public final class EventLoop {
    package let controller: ConsoleController
    let terminal: Terminal
    package let feed: ChangeFeed?
    private var lastTick = Date.distantPast
    /// The next turn ticks whatever the wall clock says (tests move the store's clock instead).
    package func tickOnNextStep() { lastTick = .distantPast }
    private var lastPresence = Date.distantPast
    /// The frame last presented.
    private var shown: Screen?
    private var freedMemory: FreedMemoryReturn
    /// Wakes the wait on a real terminal when the service pushes a change (nil headless).
    private let wake: WakeSignal?
    /// How many frames were the last one with only its header drawn again (tests count it).
    package private(set) var headerRedraws = 0
    /// How often the heap's free memory was given back (tests count it).
    package private(set) var memoryTrims = 0

    public init(client: SupportClient, actor: Agent, terminal: Terminal, theme: Theme) throws {
        controller = ConsoleController(client: client, actor: actor, theme: theme)
        self.terminal = terminal
        feed = try? client.changeFeed()
        wake = terminal.inputDescriptor == nil ? nil : WakeSignal()
        if let wake {
            feed?.onArrival { wake.signal() }
            controller.wakeLoop = { wake.signal() }
        }
        let size = terminal.size
        controller.state.width = size.width
        controller.state.height = size.height
        controller.state.now = client.now()
        controller.state.agentLanguage = actor.uiLanguage ?? .en
        controller.start()
        freedMemory = FreedMemoryReturn(current: controller.state.memoryShape)
    }

    /// Embedded, acting as `actor`: for tests, benchmarks and drills on one file.
    public convenience init(store: SupportStore, actor: Agent, terminal: Terminal, theme: Theme) throws {
        try self.init(client: EmbeddedClient(store: store, actingAs: actor.login), actor: actor, terminal: terminal, theme: theme)
    }

    /// The current frame, for tests and benchmarks.
    public var frame: Screen { ConsoleView.render(controller.state) }

    /// The signal that ended the loop (Ctrl-C is SIGINT), if one did.
    public private(set) var endedBySignal: Int32?

    public func run() {
        present(frame)
        // Ctrl-C, SIGTERM and SIGHUP stop the loop instead of killing the process, so the
        // session's close is audited and presence cleared (a second signal still kills).
        TerminalSignals.setGraceful(true)
        defer { TerminalSignals.setGraceful(false) }
        while controller.state.running {
            // On a real terminal the loop sleeps until input, a pushed change (the wake
            // pipe) or the next tick; without one it looks every 100 ms.
            step(timeoutMilliseconds: wake == nil ? 100 : millisecondsToNextTick)
            if let signalNumber = TerminalSignals.takeRequested() {
                endedBySignal = signalNumber
                controller.state.running = false
            }
        }
        controller.stopSupervisorFigures()
        _ = try? controller.client.setPresence(ticketNumber: nil, state: .viewing)
        feed?.close()
    }

    /// Shows a frame and keeps it: the next turn may redraw only its header over it.
    private func present(_ screen: Screen) {
        terminal.present(screen)
        shown = screen
    }

    /// Until the once-a-second tick is due (at least 1 ms).
    private var millisecondsToNextTick: Int {
        let left = 1 - Date().timeIntervalSince(lastTick)
        return max(1, min(1_000, Int((left * 1_000).rounded(.up))))
    }

    /// The next input. With a wake pipe, whatever the terminal already holds comes first;
    /// then the loop waits in poll(2) on the terminal and the pipe together.
    private func nextEvent(waitingUpTo timeout: Int) -> Event? {
        guard timeout > 0, let wake, let input = terminal.inputDescriptor else {
            return terminal.nextEvent(timeoutMilliseconds: timeout)
        }
        if let event = terminal.nextEvent(timeoutMilliseconds: 0) { return event }
        wake.wait(with: input, timeoutMilliseconds: timeout)
        return terminal.nextEvent(timeoutMilliseconds: 0)
    }

    /// One turn: wait for an event (or the timeout), update, and present if anything changed.
    /// The state changes only through what this turn handles (events, a change from the
    /// feed, the connection, the tick, an effect), so a turn that handled none of them
    /// draws nothing: an idle console does not build a frame ten times a second.
    public func step(timeoutMilliseconds: Int) {
        var handled = false
        // A pushed change that moved only the header's numbers, and nothing else this turn.
        var headerOnly = false
        if let event = nextEvent(waitingUpTo: timeoutMilliseconds) {
            handled = true
            controller.handle(event)
            // Drain what is already queued (fast typing, pastes) before drawing once.
            var drained = 0
            while drained < 64, controller.state.running, let more = terminal.nextEvent(timeoutMilliseconds: 0) {
                controller.handle(more)
                drained += 1
            }
        }
        // A worker that finished writing files (an export, the reports) woke the wait.
        if controller.pollExport() {
            handled = true
        }
        // The supervisor's figures, counted beside the loop, landed (or a count ended).
        if controller.takeSupervisorFigures() {
            handled = true
            headerOnly = false
        }
        // A change pushed meanwhile is looked at once the key's frame is out. After a write
        // it is mostly this console's own change coming back, whose effects the key's work
        // has just read: its re-read (the queue, the side panes, the ticket) must not hold
        // the frame that shows the key. What it changes is drawn by a frame of its own.
        let change = feed?.poll()
        if change != nil, handled, controller.state.running {
            present(frame)
            handled = false
        }
        if let feed {
            if let change {
                let outcome = controller.refresh(change)
                if outcome != .nothing {
                    headerOnly = outcome == .headerCounts && !handled
                    handled = true
                }
            }
            let problem = controller.state.connectionProblem
            controller.noteConnection(feed.connectionProblem)
            if controller.state.connectionProblem != problem { handled = true; headerOnly = false }
        }
        let now = Date()
        if now.timeIntervalSince(lastTick) >= 1 {
            lastTick = now
            // A frame only when time changed what is on screen (see RelativeTimeWatch).
            let watched = controller.followsTimeWatch
            controller.handle(.tick)
            if !watched || !controller.followsTimeWatch || controller.state.timeWatch.isDue(controller.state.now) {
                handled = true
                headerOnly = false
            }
            if now.timeIntervalSince(lastPresence) >= 10, let number = controller.state.ticket?.ticket.number {
                lastPresence = now
                let typing: Bool
                if case .composer = controller.state.mode { typing = true } else { typing = false }
                _ = try? controller.client.setPresence(ticketNumber: number, state: typing ? .typing : .viewing)
            }
        }
        if let effect = controller.state.pendingEffect {
            controller.state.pendingEffect = nil
            perform(effect)
            handled = true
            headerOnly = false
        }
        if handled, controller.state.running {
            if headerOnly, let shown, let screen = ConsoleView.redrawingHeader(controller.state, over: shown) {
                present(screen)
                headerRedraws += 1
            } else {
                present(frame)
            }
        }
        controller.runAfterFrame()
        if freedMemory.shouldTrim(idle: !handled, current: controller.state.memoryShape) {
            FreedMemoryReturn.trim()
            memoryTrims += 1
        }
    }

    /// Effects need the terminal, so the loop runs them and feeds the result back as an action.
    private func perform(_ effect: Effect) {
        switch effect {
        case .editExternally(let text):
            let editor = ProcessInfo.processInfo.environment["VISUAL"] ?? ProcessInfo.processInfo.environment["EDITOR"] ?? "vi"
            // The draft may hold customer data: born owner-only, in a folder only we can enter.
            guard let path = try? PrivateFolder.newFile(prefix: "draft", extension: "txt", contents: Data(text.utf8)) else {
                controller.warn(controller.state.t(.msgEditorFile))
                return
            }
            let file = URL(fileURLWithPath: path)
            defer { try? FileManager.default.removeItem(at: file) }
            terminal.suspend()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "\(editor) \"$1\"", "editor", file.path]
            var status: Int32 = -1
            do {
                try process.run()
                process.waitUntilExit()
                status = process.terminationStatus
            } catch {
                status = -1
            }
            terminal.resume()
            if status == 0, let data = FileManager.default.contents(atPath: file.path) {
                controller.update(.editorReturned(String(decoding: data, as: UTF8.self)))
            } else {
                controller.warn(controller.state.t(.msgEditorFailed, editor))
            }
        }
    }
}

/// The console's key table, for `paydesk keys` and the README.
public enum ConsoleKeys {
    public static func markdownTable() -> String { KeyMap.markdownTable() }
    public static func helpText() -> String { KeyMap.helpLines().joined(separator: "\n") }
}
