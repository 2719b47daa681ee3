#if canImport(Glibc)
import Glibc
#endif

/// A self-pipe that wakes the console loop's wait on the terminal: another thread (the
/// service's change stream) signals it, and the loop, asleep in poll(2) on the terminal
/// and this pipe, wakes at once. An idle console then sleeps until input, a pushed change
/// or its next tick instead of waking ten times a second to look (BENCHMARKS.md, "A team's
/// consoles": those wake-ups were most of what an idle console cost).
public final class WakeSignal: Sendable {
    private let readEnd: Int32
    private let writeEnd: Int32

    public init?() {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return nil }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)   // an editor or a spawned tool does not inherit it
        }
        readEnd = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    /// Wakes the waiter (from any thread). A full pipe already holds a wake-up: nothing lost.
    public func signal() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Waits until `input` is readable (or hung up), a signal came, or `timeoutMilliseconds`
    /// passed; then empties the pipe, so one wait answers every signal sent before it.
    public func wait(with input: Int32, timeoutMilliseconds: Int) {
        var fds = [pollfd(fd: input, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)]
        _ = poll(&fds, 2, Int32(clamping: timeoutMilliseconds))   // EINTR (a resize) ends the wait too
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &buffer, buffer.count) > 0 {}
    }
}
