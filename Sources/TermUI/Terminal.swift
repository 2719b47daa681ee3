/// What the app loop needs from a terminal. `NCursesTerminal` drives a real one;
/// `HeadlessTerminal` replays scripted events and records frames for tests and benchmarks.
///
/// Drivers are used from one thread (the app loop); they are not `Sendable`.
public protocol Terminal: AnyObject {
    /// Current size in cells. Render a `Screen` of exactly this size.
    var size: (width: Int, height: Int) { get }

    /// The colour depth the app should resolve its theme against.
    var colorDepth: ColorDepth { get }

    /// Shows `screen`, writing only what changed since the previous frame.
    func present(_ screen: Screen)

    /// Waits up to `timeoutMilliseconds` (negative: forever, 0: just poll) for input and
    /// returns it, or nil when the time ran out with nothing to report.
    func nextEvent(timeoutMilliseconds: Int) -> Event?

    /// Gives the terminal back to the shell (e.g. to run `$EDITOR`); `resume` takes it again
    /// and the next `present` redraws everything.
    func suspend()
    func resume()

    /// Restores the terminal for good. Safe to call more than once.
    func shutdown()

    /// The descriptor input arrives on, for a loop that waits on it together with other
    /// wake-ups (`WakeSignal`); nil for a terminal without one (the headless terminal).
    var inputDescriptor: Int32? { get }
}

extension Terminal {
    public var inputDescriptor: Int32? { nil }
}
