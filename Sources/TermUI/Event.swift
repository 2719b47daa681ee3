/// A key press, as the app's key table sees it.
///
/// Control characters that have their own key are reported as that key: Ctrl-I is `.tab`,
/// Ctrl-M is `.enter`, Ctrl-H is `.backspace`, Ctrl-[ is `.escape` (terminals send the same
/// byte for both). `.ctrl` holds a lower-case letter (or one of `@ \ ] ^ _ space`).
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    /// Alt (Meta) plus a character: the terminal sends ESC followed quickly by the character.
    case alt(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, pageUp, pageDown, home, end, insert
    case f(Int)

    /// The key for Ctrl plus `character`, folded to the key terminals actually deliver.
    public static func control(_ character: Character) -> Key {
        let lower = Character(character.lowercased())
        switch lower {
        case "i": return .tab
        case "m", "j": return .enter
        case "h": return .backspace
        case "[": return .escape
        default: return .ctrl(lower)
        }
    }

    /// A short readable name for help screens and the status bar; `Key(spec:)` reads it back.
    public var name: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(" "): return "C-Space"
        case .ctrl(let c): return "C-\(c)"
        case .alt(" "): return "M-Space"
        case .alt(let c): return "M-\(c)"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .backspace: return "Bksp"
        case .delete: return "Del"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .insert: return "Ins"
        case .f(let n): return "F\(n)"
        }
    }

    /// Parses a key as written in a key table: a single character (`q`, `?`, `王`), `Space`,
    /// `C-s` / `Ctrl-s` / `^s`, `M-x` / `Alt-x` / `A-x`, `S-Tab` / `BackTab`, `F1`…`F63`, and
    /// the names `Enter` (`Return`, `RET`), `Esc` (`Escape`), `Tab`, `Bksp` (`Backspace`, `BS`),
    /// `Del` (`Delete`), `Up`/`↑`, `Down`/`↓`, `Left`/`←`, `Right`/`→`, `PgUp` (`PageUp`),
    /// `PgDn` (`PageDown`), `Home`, `End`, `Ins` (`Insert`). Names are case-insensitive;
    /// single characters are not. Returns nil for anything else.
    public init?(spec: String) {
        let lower = spec.lowercased()
        if let key = Key.named[lower] {   // first, so the arrow glyphs mean arrow keys
            self = key
            return
        }
        if spec.count == 1, let c = spec.first {
            self = .char(c)
            return
        }
        for prefix in ["c-", "ctrl-", "^"] where lower.hasPrefix(prefix) {
            guard let c = Key.modified(String(spec.dropFirst(prefix.count))) else { return nil }
            self = Key.control(c)
            return
        }
        for prefix in ["m-", "alt-", "a-"] where lower.hasPrefix(prefix) {
            guard let c = Key.modified(String(spec.dropFirst(prefix.count))) else { return nil }
            self = .alt(c)
            return
        }
        if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...63).contains(n) {
            self = .f(n)
            return
        }
        return nil
    }

    /// The character after `C-` or `M-`: one character or `Space`.
    private static func modified(_ rest: String) -> Character? {
        if rest.count == 1 { return rest.first }
        return rest.lowercased() == "space" ? " " : nil
    }

    private static let named: [String: Key] = [
        "space": .char(" "),
        "enter": .enter, "return": .enter, "ret": .enter,
        "esc": .escape, "escape": .escape,
        "tab": .tab,
        "s-tab": .backTab, "backtab": .backTab, "btab": .backTab, "shift-tab": .backTab,
        "bksp": .backspace, "backspace": .backspace, "bs": .backspace,
        "del": .delete, "delete": .delete,
        "up": .up, "↑": .up, "down": .down, "↓": .down,
        "left": .left, "←": .left, "right": .right, "→": .right,
        "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown,
        "home": .home, "end": .end, "ins": .insert, "insert": .insert,
    ]
}

public enum MouseButton: Sendable, Hashable {
    case left, middle, right, wheelUp, wheelDown
}

/// A mouse press (or wheel step) at a cell.
public struct MouseEvent: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var button: MouseButton

    public init(x: Int, y: Int, button: MouseButton) {
        self.x = x
        self.y = y
        self.button = button
    }
}

/// Everything the app loop reacts to from the terminal.
public enum Event: Sendable, Hashable {
    case key(Key)
    case mouse(MouseEvent)
    /// The terminal now has this many columns and rows; re-render at the new size.
    case resize(width: Int, height: Int)
    /// A timer tick (clocks, polling); drivers do not produce it, apps post it on timeout.
    case tick
    /// Text pasted with bracketed paste, delivered whole and already sanitised (keeps `\n`), so
    /// that pasted letters are never taken for commands.
    case paste(String)
}
