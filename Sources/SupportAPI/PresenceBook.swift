import Foundation
import SupportCore
import SupportStore
import Synchronization

/// Who is viewing or typing on which ticket, held in the service's memory. Presence is a
/// hint that changes every few seconds per agent; written to the database it bumped every
/// console's change watcher, so in the service it never touches the store.
public final class PresenceBook: Sendable {
    private struct Entry { var ticket: Int64?; var state: PresenceState; var at: Date }
    private let entries = Mutex<[String: Entry]>([:])
    private let clock: @Sendable () -> Date
    /// Entries older than this are a console that went away without saying so.
    static let timeout: TimeInterval = 30

    public init(clock: @escaping @Sendable () -> Date = { Date() }) { self.clock = clock }

    /// Returns true when what others see changed (not for a mere heartbeat).
    @discardableResult
    public func set(login: String, ticket: Int64?, state: PresenceState) -> Bool {
        let now = clock()
        return entries.withLock { entries in
            let old = entries[login]
            entries[login] = Entry(ticket: ticket, state: state, at: now)
            return old?.ticket != ticket || old?.state != state
        }
    }

    public func remove(login: String) {
        _ = entries.withLock { $0.removeValue(forKey: login) }
    }

    public func on(ticket: Int64, excluding login: String) -> [PresenceEntry] {
        let cutoff = clock().addingTimeInterval(-Self.timeout)
        return entries.withLock { entries in
            entries.filter { $0.key != login && $0.value.ticket == ticket && $0.value.at >= cutoff }
                .map { PresenceEntry(login: $0.key, state: $0.value.state, since: $0.value.at) }
                .sorted { $0.login < $1.login }
        }
    }

    /// What each agent is looking at now, for the supervisor's workload table.
    public func viewing() -> [String: Int64] {
        let cutoff = clock().addingTimeInterval(-Self.timeout)
        return entries.withLock { entries in
            entries.reduce(into: [:]) { result, item in
                if let ticket = item.value.ticket, item.value.at >= cutoff { result[item.key] = ticket }
            }
        }
    }
}
