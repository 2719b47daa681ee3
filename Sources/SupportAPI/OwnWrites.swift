import Foundation

/// A client's own writes whose echo has not come yet: the tokens it sent with them
/// (`X-Paydesk-Write`), once they were answered. When a change tells of such writes alone
/// (`ChangeSet.echoOf`, signed by the service with this client's agent), whatever was read
/// after them already shows them. The console keeps those it read its queue and open ticket
/// back after; the read-ahead client those it sent. Through the service only: in process
/// no change names its writes.
public struct OwnWrites: Sendable {
    /// Echoes come once each, in the order of their writes, a moment later; these many
    /// are kept for one that has not come yet (a dropped stream never brings it).
    public static let capacity = 256
    /// An echo comes within moments of its write. A token kept longer (one swept in after
    /// its echo had passed) is let go, so it cannot stand for a later change sent with it.
    public static let maxAge: TimeInterval = 30
    private var order: [(token: String, at: Date)] = []
    private var tokens: Set<String> = []

    public init() {}

    public var count: Int { tokens.count }

    public mutating func insert(_ answered: [String], at now: Date = Date()) {
        for token in answered where tokens.insert(token).inserted { order.append((token, now)) }
        if order.count > Self.capacity {
            for entry in order.prefix(order.count - Self.capacity) { tokens.remove(entry.token) }
            order.removeFirst(order.count - Self.capacity)
        }
    }

    /// Whether `change` tells of these writes, signed with `login`, and nothing else; if so
    /// their tokens are done with. A change of everything, or one with any write not kept
    /// here (another agent's, even with a token it saw; another console's; one unsigned;
    /// one kept longer than `maxAge`), is no echo.
    public mutating func takeEcho(_ change: ChangeSet, login: String, now: Date = Date()) -> Bool {
        while let oldest = order.first, now.timeIntervalSince(oldest.at) > Self.maxAge {
            tokens.remove(oldest.token)
            order.removeFirst()
        }
        guard change.changesData, !change.everything, let echoes = change.echoOf, !echoes.isEmpty,
              echoes.allSatisfy({ $0.by == login && tokens.contains($0.token) }) else { return false }
        for echo in echoes { tokens.remove(echo.token) }
        order.removeAll { !tokens.contains($0.token) }
        return true
    }
}
