#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNCurses

// The terminal's set-up and its raw reads: the tty modes, mouse reporting and output
// buffering chosen once at start, the one read of `wget_wch` the input decoder is given,
// and the key codes ncurses reports. No instance state: the driver's frames and its event
// loop (`NCursesTerminal`) call these.
extension NCursesTerminal {
    static func readRaw(timeout: Int) -> RawInput? {
        let window = paydesk_stdscr()
        wtimeout(window, Int32(clamping: timeout < 0 ? -1 : timeout))
        var character: wint_t = 0
        switch wget_wch(window, &character) {
        case OK: return .character(UInt32(character))
        case KEY_CODE_YES: return .keyCode(Int32(bitPattern: UInt32(character)))
        default:
            if terminalHungUp() { raise(SIGHUP) }
            return nil
        }
    }

    /// When the SSH connection or terminal window goes away, reads fail at once instead of
    /// waiting, and a loop polling for input would spin forever if no SIGHUP reached us (the
    /// shell ignored it, or we are not in its foreground job). Treat that like SIGHUP.
    static func terminalHungUp() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) >= 0 else { return false }
        return descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    static func decode(keyCode: Int32) -> Event? {
        switch keyCode {
        case KEY_RESIZE:
            return .resize(width: Int(paydesk_cols()), height: Int(paydesk_lines()))
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK, let button = mouseButton(event.bstate) else { return nil }
            return .mouse(MouseEvent(x: Int(event.x), y: Int(event.y), button: button))
        default:
            return NCursesKeyCodes.key(for: keyCode).map(Event.key)
        }
    }

    /// Presses only: with `mouseinterval(0)` ncurses reports press and release separately.
    static func mouseButton(_ state: mmask_t) -> MouseButton? {
        if state & (paydesk_button1_pressed() | paydesk_button1_clicked()) != 0 { return .left }
        if state & paydesk_button2_pressed() != 0 { return .middle }
        if state & (paydesk_button3_pressed() | paydesk_button3_clicked()) != 0 { return .right }
        if state & paydesk_button4_pressed() != 0 { return .wheelUp }
        if state & paydesk_button5_pressed() != 0 { return .wheelDown }
        return nil
    }

    /// cbreak mode leaves XON/XOFF flow control and literal-next on, so Ctrl-S would freeze
    /// the screen until Ctrl-Q and Ctrl-V/Ctrl-O would never arrive. Turn them off and record
    /// the result as ncurses' program mode so `resume` restores it.
    static func freeControlKeys() {
        var settings = termios()
        guard tcgetattr(STDIN_FILENO, &settings) == 0 else { return }
        settings.c_iflag &= ~tcflag_t(IXON)
        settings.c_lflag &= ~tcflag_t(IEXTEN)
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
        def_prog_mode()
    }

    /// ncurses 6 flushes its output after every cursor move until it has once returned from
    /// `endwin`: a frame that changed most of the screen left in ~200 `write`s of ~60 bytes,
    /// each with the pty's work behind it. Leaving and re-entering curses once, before
    /// anything is drawn, lets it buffer a frame and send it in a few writes.
    static func bufferWholeFrames() {
        endwin()
        doupdate()
    }

    static func enableMouse() {
        let mask = paydesk_button1_pressed() | paydesk_button2_pressed() | paydesk_button3_pressed()
            | paydesk_button4_pressed() | paydesk_button5_pressed()
        mousemask(mask, nil)
        mouseinterval(0)
    }
}
