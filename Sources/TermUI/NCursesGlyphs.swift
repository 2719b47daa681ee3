/// What the ncurses driver hands the terminal for one cell.
///
/// TermUI lays text out with its own width tables, but ncurses and the terminal place the
/// cursor by the C library's `wcwidth`. Where the two disagree (an emoji sequence the C library
/// does not know, a flag made of two regional indicators, a VS16 emoji) the driver must send
/// something whose `wcwidth` matches the columns TermUI reserved, or every later cell on the
/// row would shift. `NCursesGlyphs.plan` makes that choice; it is pure so it can be tested.
enum TerminalGlyph: Equatable {
    /// Scalars for `setcchar`: one spacing character followed by up to four zero-width ones.
    case text([UInt32])
    /// A line-drawing character sent through the alternate character set (non-UTF-8 locales).
    case line(LineGlyph)
}

enum LineGlyph: Equatable {
    case upperLeft, upperRight, lowerLeft, lowerRight, horizontal, vertical
    case teeLeft, teeRight, teeTop, teeBottom, cross, block, bullet
}

enum NCursesGlyphs {
    /// `setcchar` takes at most this many scalars (CCHARW_MAX).
    static let maxScalarsPerCell = 5

    /// Glyphs to write for a cell of `width` columns (1 or 2): one glyph per column from the
    /// cell's column rightwards. A single glyph for a 2-column cell is a wide character that
    /// covers both columns; two glyphs are written one per column.
    /// - Parameters:
    ///   - unicode: the locale's codeset is UTF-8; otherwise only ASCII and line-drawing
    ///     characters (via ACS) can be shown and everything else becomes `?`.
    ///   - wcwidth: the C library's width of a scalar (-1 when unprintable in the locale).
    static func plan(
        _ grapheme: String, width: Int, unicode: Bool, wcwidth: (UInt32) -> Int
    ) -> [TerminalGlyph] {
        let scalars = grapheme.unicodeScalars
        if scalars.count == 1, let only = scalars.first, only.value >= 0x20, only.value < 0x7F {
            return width == 2 ? [.text([only.value]), .text([0x20])] : [.text([only.value])]
        }
        guard unicode else {
            if scalars.count == 1, let only = scalars.first, let line = lineGlyph(only) {
                return width == 2 ? [.line(line), .text([0x20])] : [.line(line)]
            }
            return Array(repeating: .text([0x3F]), count: max(1, width))
        }
        let replacement: UInt32 = wcwidth(0xFFFD) == 1 ? 0xFFFD : 0x3F
        let fallback: [TerminalGlyph] = [.text([replacement])] + Array(repeating: .text([0x20]), count: max(0, width - 1))

        // Split into spacing scalars, each with the zero-width scalars that follow it. Joiners
        // and presentation selectors are dropped: they are what makes terminals disagree.
        var pieces: [[UInt32]] = []
        var previous: Unicode.Scalar? = nil
        for scalar in scalars {
            defer { previous = scalar }
            let v = scalar.value
            // A joiner after a virama is part of the letter (a half form) and stays.
            let afterVirama = previous?.properties.canonicalCombiningClass.rawValue == 9
            if (v == 0x200D && !afterVirama) || v == 0xFE0F || v == 0xFE0E { continue }
            let w = wcwidth(v)
            if w < 0 { return fallback }
            if w == 0 {
                if !pieces.isEmpty && pieces[pieces.count - 1].count < maxScalarsPerCell {
                    pieces[pieces.count - 1].append(v)
                }
            } else {
                pieces.append([v])
            }
        }
        guard let first = pieces.first else { return fallback }
        // One narrow letter per column (an Indic conjunct, a flag's two indicators): the
        // terminal gets every scalar in order and joins them as it draws.
        if pieces.count == width, pieces.count > 1, pieces.allSatisfy({ wcwidth($0[0]) == 1 }) {
            return pieces.map { .text($0) }
        }
        let firstWidth = wcwidth(first[0])
        if width == 1 {
            return firstWidth == 1 ? [.text(first)] : fallback
        }
        if firstWidth == 2 { return [.text(first)] + Array(repeating: .text([0x20]), count: max(0, width - 2)) }
        guard firstWidth == 1 else { return fallback }
        // Two narrow pieces (a flag's regional indicators) go one per column; the terminal
        // still joins them when it can.
        if pieces.count >= 2 && wcwidth(pieces[1][0]) == 1 { return [.text(first), .text(pieces[1])] }
        return [.text(first), .text([0x20])]
    }

    /// An emoji ZWJ sequence (👨‍👩‍👧‍👦): one picture in two columns, but more than one
    /// ncurses cell can hold (a spacing character and four zero-width ones, and the C
    /// library counts each emoji as wide), so `plan` alone would draw only the first emoji.
    /// The driver writes these whole after ncurses, where the terminal joins them.
    static func isJoinedEmoji(_ grapheme: String) -> Bool {
        guard grapheme.utf8.count > 4 else { return false }
        var pictographs = 0
        var joined = false
        for scalar in grapheme.unicodeScalars {
            if scalar == "\u{200D}" { joined = true } else if scalar.value >= 0xA9 && scalar.properties.isEmoji { pictographs += 1 }
        }
        return joined && pictographs > 1
    }

    /// Whether the terminal draws an emoji ZWJ sequence as one two-column picture. Known
    /// joiners (tmux 3.3+, kitty, WezTerm, iTerm2, foot, Ghostty, VS Code) do; elsewhere
    /// (xterm, the Linux console) the parts would spill over the next cells, so only the
    /// first emoji is drawn. `PAYDESK_EMOJI_ZWJ=1` or `0` decides for any terminal.
    static func terminalJoinsEmoji(_ environment: [String: String]) -> Bool {
        if let choice = environment["PAYDESK_EMOJI_ZWJ"], !choice.isEmpty { return choice != "0" }
        if environment["TMUX"].map({ !$0.isEmpty }) ?? false { return true }
        let program = environment["TERM_PROGRAM"] ?? ""
        if ["tmux", "WezTerm", "iTerm.app", "ghostty", "vscode"].contains(program) { return true }
        let term = environment["TERM"] ?? ""
        return ["tmux", "kitty", "foot", "ghostty", "wezterm"].contains { term.contains($0) }
    }

    /// The ACS equivalent of a box-drawing character, for terminals without UTF-8.
    static func lineGlyph(_ scalar: Unicode.Scalar) -> LineGlyph? {
        switch scalar {
        case "┌", "┏", "╔", "╭": return .upperLeft
        case "┐", "┓", "╗", "╮": return .upperRight
        case "└", "┗", "╚", "╰": return .lowerLeft
        case "┘", "┛", "╝", "╯": return .lowerRight
        case "─", "━", "═": return .horizontal
        case "│", "┃", "║": return .vertical
        case "├", "┣", "╠": return .teeLeft
        case "┤", "┫", "╣": return .teeRight
        case "┬", "┳", "╦": return .teeTop
        case "┴", "┻", "╩": return .teeBottom
        case "┼", "╋", "╬": return .cross
        case "█", "▉", "▊", "▇": return .block
        case "•", "·": return .bullet
        default: return nil
        }
    }
}
