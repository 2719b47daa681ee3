import CNCurses

/// One read from `wget_wch`: a character or an ncurses key code.
enum RawInput: Equatable {
    case character(UInt32)
    case keyCode(Int32)
}

/// Turns raw `wget_wch` reads into `Event`s: control bytes, ESC versus Alt, bracketed paste,
/// unknown escape sequences (swallowed whole so they never type garbage into a field).
/// Reading is injected so the decoding can be tested without a terminal.
struct InputDecoder {
    /// Reads one input, waiting at most the given milliseconds (0: only what is buffered).
    var read: (Int) -> RawInput?
    /// Decodes key codes ncurses returns (mouse, resize, function keys).
    var decodeKeyCode: (Int32) -> Event?
    /// How long to wait for the rest of a paste before giving up on its end marker.
    var pasteStallMilliseconds = 500
    /// Pastes larger than this are cut (the rest is still read and dropped).
    var pasteLimit = 1 << 20

    private var pushedBack: [RawInput] = []

    init(read: @escaping (Int) -> RawInput?, decodeKeyCode: @escaping (Int32) -> Event?) {
        self.read = read
        self.decodeKeyCode = decodeKeyCode
    }

    /// The next event, or nil when `read` reports nothing within `timeout` milliseconds.
    /// Inputs that decode to nothing (a mouse release, an unknown sequence) are skipped and
    /// reading continues with a zero timeout so the caller's wait is not extended.
    mutating func next(timeout: Int) -> Event? {
        var wait = timeout
        while let raw = take(wait) {
            wait = 0
            switch raw {
            case .keyCode(let code):
                if let event = decodeKeyCode(code) { return event }
            case .character(0x1B):
                if let event = afterEscape() { return event }
            case .character(let value):
                if let key = InputDecoder.key(forCharacter: value) { return .key(key) }
            }
        }
        return nil
    }

    /// The key for a character read outside any escape sequence.
    static func key(forCharacter value: UInt32) -> Key? {
        switch value {
        case 0x09: return .tab
        case 0x0A, 0x0D: return .enter
        case 0x08, 0x7F: return .backspace
        case 0x1B: return .escape
        case 0x00: return .ctrl(" ")
        case 0x01...0x1A: return Key.control(Character(Unicode.Scalar(value + 0x60)!))
        case 0x1C: return .ctrl("\\")
        case 0x1D: return .ctrl("]")
        case 0x1E: return .ctrl("^")
        case 0x1F: return .ctrl("_")
        case 0x80..<0xA0: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .char(Character(scalar))
        }
    }

    /// ncurses has already waited ESCDELAY for a known sequence, so whatever follows the ESC
    /// at once was sent with it: Alt plus a key, a paste, or a sequence ncurses does not know.
    private mutating func afterEscape() -> Event? {
        guard let next = take(0) else { return .key(.escape) }
        switch next {
        case .character(0x5B):                      // ESC [
            return afterControlSequenceIntroducer()
        case .character(let value) where value >= 0x20 && value != 0x7F:
            guard let scalar = Unicode.Scalar(value) else { return .key(.escape) }
            return .key(.alt(Character(scalar)))
        default:
            pushedBack.insert(next, at: 0)
            return .key(.escape)
        }
    }

    /// After ESC [: a bracketed paste (`200~`), or an unknown CSI sequence to discard.
    /// ESC [ with nothing after it is Alt-[.
    private mutating func afterControlSequenceIntroducer() -> Event? {
        var body: [UInt32] = []
        while let raw = take(0) {
            guard case .character(let value) = raw else {
                pushedBack.insert(raw, at: 0)
                return nil
            }
            body.append(value)
            if (0x40...0x7E).contains(value) { break }      // final byte
            if !(0x20...0x3F).contains(value) { return nil } // malformed: drop it
        }
        if body.isEmpty { return .key(.alt("[")) }
        if body == Array("200~".unicodeScalars.map(\.value)) { return readPaste() }
        return nil
    }

    /// Reads pasted text up to ESC [ 201 ~ and returns it sanitised, line breaks kept.
    private mutating func readPaste() -> Event {
        let endMarker: [UInt32] = [0x1B, 0x5B, 0x32, 0x30, 0x31, 0x7E]
        var received: [UInt32] = []
        while let raw = take(pasteStallMilliseconds) {
            guard case .character(let value) = raw else { continue }
            received.append(value)
            if received.count >= endMarker.count && Array(received.suffix(endMarker.count)) == endMarker {
                received.removeLast(endMarker.count)
                break
            }
            if received.count > pasteLimit + endMarker.count {
                received.removeFirst(received.count - pasteLimit - endMarker.count)
            }
        }
        var text = String.UnicodeScalarView()
        for value in received.prefix(pasteLimit) {
            if let scalar = Unicode.Scalar(value) { text.append(scalar) }
        }
        return .paste(TextSanitizer.cleanMultiline(String(text)))
    }

    private mutating func take(_ timeout: Int) -> RawInput? {
        if !pushedBack.isEmpty { return pushedBack.removeFirst() }
        return read(timeout)
    }
}

/// ncurses key codes, as far as TermUI's `Key` has them.
enum NCursesKeyCodes {
    static func key(for code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_IC: return .insert
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case paydesk_key_f(1)...paydesk_key_f(63): return .f(Int(code - paydesk_key_f(0)))
        default: return nil
        }
    }
}
