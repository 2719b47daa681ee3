import CNCurses
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum TerminalError: Error, CustomStringConvertible, Equatable {
    /// stdin or stdout is not a terminal (piped, redirected, run from cron).
    case notATerminal
    /// ncurses could not set up the terminal type in `TERM`.
    case cannotInitialize(term: String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "The console needs an interactive terminal, but standard input or output is not one."
        case .cannotInitialize(let term):
            return "The terminal type \"\(term)\" is unknown to ncurses; set TERM to one it knows, such as xterm-256color."
        }
    }
}

/// The real terminal, through ncursesw.
///
/// Each `present` writes only the cells that differ from the previous frame and ends with a
/// single `doupdate`. Colours are lowered to what the terminal has (`colorDepth` tells the app
/// what to resolve its theme against; `NO_COLOR` turns colour off and keeps attributes).
/// The terminal is restored by `shutdown()`, at `exit`, and on SIGINT, SIGTERM, SIGHUP and
/// SIGQUIT (the process then exits with 128 + the signal number).
public final class NCursesTerminal: Terminal {
    public struct Options: Sendable {
        /// Report clicks and wheel steps (shift-drag still selects text in most terminals).
        public var mouse: Bool
        /// Ask the terminal to bracket pastes, so a paste arrives as one `.paste` event.
        public var bracketedPaste: Bool
        /// How long a lone ESC waits for the rest of an escape sequence (`EscapeDelay`).
        public var escapeDelayMilliseconds: Int

        public init(mouse: Bool = true, bracketedPaste: Bool = true, escapeDelayMilliseconds: Int = EscapeDelay.standard) {
            self.mouse = mouse
            self.bracketedPaste = bracketedPaste
            self.escapeDelayMilliseconds = escapeDelayMilliseconds
        }
    }

    /// The depth themes should be resolved against (`COLORTERM=truecolor`/`24bit` → `.truecolor`).
    public let colorDepth: ColorDepth
    /// Colours terminfo reports for this terminal (0 when it has none or `NO_COLOR` is set).
    public let colors: Int
    /// The locale's character set is UTF-8. Otherwise only ASCII and line drawing are shown.
    public let isUnicode: Bool

    private let options: Options
    private var palette: ColorPairTable
    /// Emoji ZWJ sequences are written whole past ncurses (`NCursesGlyphs.isJoinedEmoji`).
    private let joinsEmoji: Bool
    private var decoder: InputDecoder
    private var previous: Screen?
    private var cursorVisible: Bool?
    private var isSuspended = false
    private var isShutDown = false
    /// Reused for each run written (`write(_:columns:)`), so a frame allocates nothing per run.
    private var runBuffer: [wchar_t] = []
    private var lastLook: (style: Style, attributes: attr_t, pair: Int32)?

    /// Takes over the terminal. Throws instead of exiting when there is no usable terminal.
    public init(options: Options = Options()) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        // Wide characters need the user's locale before ncurses starts.
        setlocale(LC_ALL, "")
        isUnicode = String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8"
        guard let screen = newterm(nil, paydesk_stdout(), paydesk_stdin()) else {
            throw TerminalError.cannotInitialize(term: getenv("TERM").map { String(cString: $0) } ?? "")
        }
        set_term(screen)
        NCursesTerminal.bufferWholeFrames()
        TerminalRestore.install()
        self.options = options

        cbreak()
        noecho()
        nonl()
        NCursesTerminal.freeControlKeys()
        keypad(paydesk_stdscr(), true)
        intrflush(paydesk_stdscr(), false)
        set_escdelay(Int32(clamping: options.escapeDelayMilliseconds))
        curs_set(0)
        cursorVisible = false
        if options.mouse { NCursesTerminal.enableMouse() }

        let environment = NCursesTerminal.environment(["NO_COLOR", "COLORTERM", "PAYDESK_EMOJI_ZWJ", "TMUX", "TERM_PROGRAM", "TERM"])
        joinsEmoji = isUnicode && NCursesGlyphs.terminalJoinsEmoji(environment)
        let wantsColor = has_colors() && (environment["NO_COLOR"] ?? "").isEmpty
        var hasDefaultColors = false
        if wantsColor {
            start_color()
            hasDefaultColors = use_default_colors() == OK
        }
        colors = wantsColor ? Int(paydesk_colors()) : 0
        colorDepth = ColorDepth.detect(colors: has_colors() ? Int(paydesk_colors()) : 0, environment: environment)
        palette = ColorPairTable(
            colors: colors, pairLimit: Int(paydesk_color_pairs()), enabled: wantsColor,
            hasDefaultColors: hasDefaultColors)
        decoder = InputDecoder(read: NCursesTerminal.readRaw, decodeKeyCode: NCursesTerminal.decode(keyCode:))
        if options.bracketedPaste { TerminalRestore.writeRaw(TerminalRestore.bracketedPasteOn) }
    }

    deinit { shutdown() }

    public var size: (width: Int, height: Int) {
        var rows: Int32 = 0, columns: Int32 = 0
        paydesk_getmaxyx(paydesk_stdscr(), &rows, &columns)
        return (Int(columns), Int(rows))
    }

    // MARK: - Output

    public func present(_ screen: Screen) {
        guard !isShutDown, !isSuspended else { return }
        let window = paydesk_stdscr()
        let (columns, rows) = size
        let spans: [CellSpan]
        if let previous, previous.width == screen.width, previous.height == screen.height {
            spans = screen.changedSpans(from: previous)
        } else {
            werase(window)
            spans = screen.changedSpans(from: Screen(width: 0, height: 0))
        }
        screen.cells.withUnsafeBufferPointer { cells in
            for span in spans where span.y < rows {
                let start = span.y * screen.width
                write(UnsafeBufferPointer(rebasing: cells[(start + span.x)..<(start + span.end)]), x: span.x, y: span.y, columns: columns)
            }
        }
        if let cursor = screen.cursor, cursor.x >= 0, cursor.y >= 0, cursor.x < columns, cursor.y < rows {
            setCursorVisible(true)
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else {
            setCursorVisible(false)
        }
        wnoutrefresh(window)
        doupdate()
        if joinsEmoji { writeJoinedEmoji(screen, columns: columns, rows: rows) }
        previous = screen
    }

    /// Writes each emoji ZWJ sequence on screen whole over the first emoji ncurses drew in
    /// its place. Every frame rewrites all of them, since ncurses may have redrawn the cell;
    /// the cursor and attributes are saved and restored around it (DECSC/DECRC), so
    /// ncurses' idea of the terminal stays true.
    private func writeJoinedEmoji(_ screen: Screen, columns: Int, rows: Int) {
        var out = ""
        for y in 0..<min(rows, screen.height) {
            for x in 0..<min(columns - 1, screen.width) {
                let cell = screen[x, y]
                guard !cell.isContinuation, NCursesGlyphs.isJoinedEmoji(cell.grapheme) else { continue }
                out += "\u{1B}[\(y + 1);\(x + 1)H" + palette.sgr(for: cell.style) + cell.grapheme
            }
        }
        guard !out.isEmpty else { return }
        let bytes = Array(("\u{1B}7" + out + "\u{1B}8").utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBufferPointer { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            sent += n
        }
    }

    /// Writes changed cells from column `x` of row `y`. Stretches of one-scalar cells in one
    /// style that the C library measures as TermUI does (nearly all of a frame, CJK included)
    /// go to ncurses in one call each; anything else (combining, emoji sequences, line
    /// drawing without UTF-8) cell by cell through `NCursesGlyphs.plan`.
    private func write(_ cells: UnsafeBufferPointer<Cell>, x: Int, y: Int, columns: Int) {
        let end = min(cells.count, columns - x)
        var offset = 0
        while offset < end {
            let cell = cells[offset]
            if cell.isContinuation { offset += 1; continue }
            guard let first = runScalar(cells, at: offset, end: end) else {
                write(cell, x: Int32(x + offset), y: Int32(y))
                offset += 1
                continue
            }
            runBuffer.removeAll(keepingCapacity: true)
            runBuffer.append(wchar_t(bitPattern: first.scalar))
            var next = offset + first.columns
            while next < end, cells[next].style == cell.style, let scalar = runScalar(cells, at: next, end: end) {
                runBuffer.append(wchar_t(bitPattern: scalar.scalar))
                next += scalar.columns
            }
            let count = Int32(runBuffer.count)
            runBuffer.append(0)
            let (attributes, pair) = curses(cell.style)
            _ = paydesk_put_run(Int32(y), Int32(x + offset), &runBuffer, count, attributes, pair)
            offset = next
        }
    }

    /// The scalar of the cell at `index` and its columns when `plan` would send it unchanged:
    /// one column for TermUI and the C library, or two for both with its right half before `end`.
    private func runScalar(_ cells: UnsafeBufferPointer<Cell>, at index: Int, end: Int) -> (scalar: UInt32, columns: Int)? {
        let cell = cells[index]
        let utf8 = cell.grapheme.utf8
        if utf8.count == 1 {
            let byte = utf8.first!
            return byte >= 0x20 && byte < 0x7F ? (UInt32(byte), 1) : nil
        }
        guard isUnicode, utf8.count > 1, utf8.count <= 4 else { return nil }
        var scalars = cell.grapheme.unicodeScalars.makeIterator()
        guard let only = scalars.next(), scalars.next() == nil, only.value >= 0xA0 else { return nil }
        // The cell's width, for a grapheme of one scalar (`Cell.width`).
        let columns = max(1, DisplayWidth.of(only))
        if columns == 2 {
            guard index + 1 < end, cells[index + 1].isContinuation else { return nil }
        } else if columns != 1 {
            return nil
        }
        guard Int(paydesk_wcwidth(wchar_t(bitPattern: only.value))) == columns else { return nil }
        return (only.value, columns)
    }

    /// ncurses attributes and colour pair for `style`; the last one is kept, since a frame's
    /// runs mostly repeat the style before them.
    private func curses(_ style: Style) -> (attr_t, Int32) {
        if let last = lastLook, last.style == style { return (last.attributes, last.pair) }
        let look = palette.attributes(for: style) { pair, fg, bg in init_extended_pair(pair, fg, bg) == OK }
        var attributes = paydesk_a_normal()
        if look.bold { attributes |= paydesk_a_bold() }
        if look.underline { attributes |= paydesk_a_underline() }
        if look.reverse { attributes |= paydesk_a_reverse() }
        if look.dim { attributes |= paydesk_a_dim() }
        lastLook = (style, attributes, look.pair)
        return (attributes, look.pair)
    }

    private func write(_ cell: Cell, x: Int32, y: Int32) {
        let (attributes, pair) = curses(cell.style)
        let glyphs = NCursesGlyphs.plan(cell.grapheme, width: cell.width, unicode: isUnicode) { value in
            Int(paydesk_wcwidth(wchar_t(bitPattern: value)))
        }
        for (offset, glyph) in glyphs.enumerated() {
            let column = x + Int32(offset)
            switch glyph {
            case .text(let scalars):
                var buffer = scalars.map { wchar_t(bitPattern: $0) }
                buffer.append(0)
                _ = paydesk_put_wide(y, column, &buffer, attributes, pair)
            case .line(let line):
                _ = paydesk_put_acs(y, column, NCursesTerminal.acs(line), attributes, pair)
            }
        }
    }

    private func setCursorVisible(_ visible: Bool) {
        guard cursorVisible != visible else { return }
        curs_set(visible ? 1 : 0)
        cursorVisible = visible
    }

    private static func acs(_ line: LineGlyph) -> chtype {
        switch line {
        case .upperLeft: return paydesk_acs_ulcorner()
        case .upperRight: return paydesk_acs_urcorner()
        case .lowerLeft: return paydesk_acs_llcorner()
        case .lowerRight: return paydesk_acs_lrcorner()
        case .horizontal: return paydesk_acs_hline()
        case .vertical: return paydesk_acs_vline()
        case .teeLeft: return paydesk_acs_ltee()
        case .teeRight: return paydesk_acs_rtee()
        case .teeTop: return paydesk_acs_ttee()
        case .teeBottom: return paydesk_acs_btee()
        case .cross: return paydesk_acs_plus()
        case .block: return paydesk_acs_block()
        case .bullet: return paydesk_acs_bullet()
        }
    }

    // MARK: - Input

    public var inputDescriptor: Int32? { STDIN_FILENO }

    public func nextEvent(timeoutMilliseconds: Int) -> Event? {
        guard !isShutDown, !isSuspended else { return nil }
        let event = decoder.next(timeout: timeoutMilliseconds)
        // ncurses has resized its windows; the old frame no longer describes the screen.
        if case .resize = event { previous = nil }
        return event
    }

    // MARK: - Lifecycle

    public func suspend() {
        guard !isShutDown, !isSuspended else { return }
        if options.bracketedPaste { TerminalRestore.writeRaw(TerminalRestore.bracketedPasteOff) }
        def_prog_mode()
        endwin()
        isSuspended = true
    }

    public func resume() {
        guard !isShutDown, isSuspended else { return }
        reset_prog_mode()
        if options.mouse { NCursesTerminal.enableMouse() }
        if options.bracketedPaste { TerminalRestore.writeRaw(TerminalRestore.bracketedPasteOn) }
        // Whatever ran meanwhile drew over the screen: repaint all of it on the next frame.
        clearok(paydesk_curscr(), true)
        previous = nil
        cursorVisible = nil
        isSuspended = false
    }

    public func shutdown() {
        guard !isShutDown else { return }
        isShutDown = true
        if !isSuspended {
            if options.bracketedPaste { TerminalRestore.writeRaw(TerminalRestore.bracketedPasteOff) }
            endwin()
        }
    }

    private static func environment(_ names: [String]) -> [String: String] {
        var values: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { values[name] = String(cString: value) }
        }
        return values
    }
}
