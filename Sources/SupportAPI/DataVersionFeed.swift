import Foundation
import Synchronization
import SupportStore
#if canImport(Glibc)
import Glibc
#endif

/// Embedded mode has no service to push changes. It reads `PRAGMA data_version`, which moves
/// whenever any process commits to the file, as soon as the file's write-ahead log is written
/// (inotify on `FILE-wal`: every commit in WAL mode writes there first), and once a second
/// whatever happens — the only way where inotify is unavailable. Another process's commit
/// used to wait for that second (a p50 of ~980 ms in the pty bench); now it reaches the
/// screen at once. A burst of commits (an import) wakes the console at most every 100 ms.
package final class DataVersionFeed: ChangeFeed {
    private let watcher: ChangeWatcher
    private let walPath: String
    private let fallbackInterval: TimeInterval
    private var lastPoll = Date.distantPast
    /// Shared with the log watcher's thread.
    private let flags = WatchFlags()

    /// The log watcher's minimum gap between two wake-ups.
    static let burstGap: UInt32 = 100_000

    package init(watcher: ChangeWatcher, walPath: String, fallbackInterval: TimeInterval = 1) {
        self.watcher = watcher
        self.walPath = walPath
        self.fallbackInterval = fallbackInterval
    }

    package func poll() -> ChangeSet? {
        if flags.written.exchange(false, ordering: .acquiringAndReleasing) { return pollNow() }
        guard Date().timeIntervalSince(lastPoll) >= fallbackInterval else { return nil }
        return pollNow()
    }

    package func pollNow() -> ChangeSet? {
        lastPoll = Date()
        return watcher.poll() ? ChangeSet(everything: true) : nil
    }

    package var connectionProblem: String? { nil }

    package func close() { flags.stopped.store(true, ordering: .releasing) }

    /// Watches the log on a thread of its own and calls `wake` after it is written. Without
    /// inotify (or without the log file) nothing is watched and the second's poll remains.
    package func onArrival(_ wake: @escaping @Sendable () -> Void) {
        let fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else { return }
        guard inotify_add_watch(fd, walPath, UInt32(IN_MODIFY)) >= 0 else { Glibc.close(fd); return }
        let box = flags
        let thread = Thread {
            defer { Glibc.close(fd) }
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !box.stopped.load(ordering: .acquiring) {
                var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard Glibc.poll(&pfd, 1, 500) > 0 else { continue }   // wakes twice a second to see `close`
                while read(fd, &buffer, buffer.count) > 0 {}
                box.written.store(true, ordering: .releasing)
                wake()
                usleep(Self.burstGap)
            }
        }
        thread.name = "paydesk wal watcher"
        thread.start()
    }
}

/// The feed's flags, shared with its watcher thread.
private final class WatchFlags: Sendable {
    /// The log was written since the feed last read `data_version`.
    let written = Atomic<Bool>(false)
    /// The feed was closed: the watcher ends.
    let stopped = Atomic<Bool>(false)
}
