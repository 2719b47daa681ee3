import CNCurses
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gives the terminal back to the shell however the process ends: a normal `exit`, an
/// uncaught signal (Ctrl-C, `kill`, a dropped SSH connection), or `shutdown()`. An agent whose
/// session dies must not be left with a terminal that echoes nothing and shows no cursor.
enum TerminalRestore {
    /// Signals that end the process: the terminal is restored, then the process exits with
    /// 128 + the signal number, as a shell reports a death by signal.
    static let fatalSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// Installs the signal handlers and the `atexit` hook. Handlers are (re)installed on every
    /// call because ncurses installs its own on `newterm`; the exit hook only once.
    static func install() {
        _ = registerExitHook
        for signalNumber in fatalSignals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = onFatalSignal
            #else
            action.__sigaction_u.__sa_handler = onFatalSignal
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signalNumber, &action, nil)
        }
        // A parent may have started us with these signals blocked (the mask survives exec,
        // and some process launchers block everything); a blocked SIGTERM would never
        // restore the terminal, so unblock exactly the ones handled here.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signalNumber in fatalSignals { sigaddset(&unblock, signalNumber) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    /// `atexit` takes a C function; registering it twice would run it twice.
    private static let registerExitHook: Void = {
        atexit { TerminalRestore.restore() }
    }()

    /// Leaves curses mode if it is active; nothing otherwise (after `shutdown()`, or while
    /// suspended, when the shell owns the terminal and stdout may carry the app's own output).
    /// The hooks are installed only after curses started, so "not ended" means "active".
    static func restore() {
        guard !isendwin() else { return }
        writeRaw(bracketedPasteOff)
        endwin()
    }

    /// Turns the terminal's bracketed-paste mode off, so the shell does not receive markers.
    static let bracketedPasteOff: StaticString = "\u{1B}[?2004l"
    static let bracketedPasteOn: StaticString = "\u{1B}[?2004h"

    /// Writes straight to the terminal with `write(2)`, which is safe inside a signal handler.
    static func writeRaw(_ text: StaticString) {
        _ = write(STDOUT_FILENO, text.utf8Start, text.utf8CodeUnitCount)
    }
}

extension TerminalRestore {
    /// The signal an application asked to handle itself, set from the handler.
    nonisolated(unsafe) static var requested: sig_atomic_t = 0
    /// Set by an application loop that checks `takeRequestedSignal()` often: then the
    /// first Ctrl-C, SIGTERM or SIGHUP ends the loop cleanly (so the session's last audit
    /// record is written), and only a second one ends the process at once.
    nonisolated(unsafe) static var graceful: sig_atomic_t = 0

    /// The signal that asked the loop to stop, once; nil when none did.
    static func takeRequestedSignal() -> Int32? {
        let signalNumber = requested
        guard signalNumber != 0 else { return nil }
        requested = 0
        return signalNumber
    }

    /// Turns graceful handling on or off (on while an event loop is running).
    static func setGraceful(_ on: Bool) { graceful = on ? 1 : 0 }
}

/// What an application loop sees of the terminal's signal handling.
public enum TerminalSignals {
    /// While on, the first Ctrl-C / SIGTERM / SIGHUP is only recorded for `takeRequested()`.
    public static func setGraceful(_ on: Bool) { TerminalRestore.setGraceful(on) }
    public static func takeRequested() -> Int32? { TerminalRestore.takeRequestedSignal() }
}

/// A C signal handler may not capture context: it records the signal for a loop that
/// handles it gracefully (a second signal, or no such loop, restores and exits).
private let onFatalSignal: @convention(c) (Int32) -> Void = { signalNumber in
    if TerminalRestore.graceful != 0 && TerminalRestore.requested == 0 && signalNumber != SIGQUIT {
        TerminalRestore.requested = signalNumber
        return
    }
    TerminalRestore.restore()
    _exit(128 + signalNumber)
}
