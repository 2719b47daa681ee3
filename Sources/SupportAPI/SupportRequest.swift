import Foundation
import SupportCore
import SupportStore

/// One thing a client may ask of paydesk: a Codable value that names its operation and
/// knows how to run itself against the store for an actor. The same value runs in-process
/// (embedded mode) or travels as JSON to `paydesk serve` (`POST /v1/<operation>`), so the
/// console and the command line cannot tell the two apart.
///
/// Who is acting is never part of a request: the side that runs it decides (the operating
/// system user in embedded mode, the peer's uid on the service's socket).
public protocol SupportRequest: Codable, Sendable {
    associatedtype Response: Codable & Sendable
    /// The route's last path component and the OpenAPI operationId.
    static var operation: String { get }
    static var effect: RequestEffect { get }
    func handle(_ context: RequestContext) throws -> Response
    /// What a write touched, for the live-update stream.
    func changes(_ response: Response) -> ChangeSet
    /// A role permission the whole request needs (reads of reports and the audit log);
    /// services that change state check their own, finer rules as well.
    static var permission: Permission? { get }
}

extension SupportRequest {
    public static var permission: Permission? { nil }

    /// The one way a request runs, in either mode: the role gate (refusals audited), then
    /// the request itself.
    public func run(store engine: any StoreEngine, actor: Agent, presence: PresenceBook? = nil) throws -> Response {
        if let needed = Self.permission, !actor.role.can(needed) {
            let message = "\(actor.login) may not \(needed.phrase): that is for \(Role.allCases.filter { $0.can(needed) }.map(\.rawValue).joined(separator: " and ")) roles."
            try? engine.recordRefusedRequest(actor: actor.login, operation: Self.operation, reason: message)
            throw StoreError.forbidden(message)
        }
        return try handle(RequestContext(engine: engine, actor: actor, presence: presence, operation: Self.operation))
    }

    public func changes(_ response: Response) -> ChangeSet {
        Self.effect == .write ? ChangeSet(everything: true) : ChangeSet()
    }

    /// What the service tells of a write by `actor`: its `changes`, a move of presence
    /// signed with who moved (a console never shows its own agent's presence, so it need
    /// not look again when that is all that moved).
    /// `token`: the client's for this write (`X-Paydesk-Write`), told back with a change
    /// of data so that the writer's console knows its own echo.
    public func changes(_ response: Response, by actor: Agent, token: String? = nil) -> ChangeSet {
        var change = changes(response)
        if change.presence { change.presenceBy = [actor.login] }
        if let token, WriteEcho.acceptable(token), change.changesData { change.echoOf = [WriteEcho(by: actor.login, token: token)] }
        return change
    }
}

public enum RequestEffect: String, Sendable, Codable {
    case read, write
}

/// What a request runs with: the store, the acting agent (re-read for this request) and,
/// in the service, the in-memory presence book that replaces the presence table.
public struct RequestContext: Sendable {
    /// The store's services that run on either store (SQLite or PostgreSQL).
    public let engine: any StoreEngine
    public let actor: Agent
    public let presence: PresenceBook?
    let operation: String

    public init(engine: any StoreEngine, actor: Agent, presence: PresenceBook? = nil, operation: String = "") {
        self.engine = engine; self.actor = actor; self.presence = presence; self.operation = operation
    }

    /// SQLite's store, for the services that run there only; on another store the request
    /// is refused by name ("not on this store"), never half-done.
    public var store: SupportStore {
        get throws {
            guard let store = engine as? SupportStore else { throw StoreError.unsupported(operation, on: engine.engineName) }
            return store
        }
    }
}

/// One write a change tells of: who sent it (the service's word, from the socket's peer)
/// and the token the client sent with it. The login is what makes the token safe to trust:
/// every console sees every token, and another agent sending one it saw with a write of
/// its own cannot make that write pass for this agent's.
public struct WriteEcho: Codable, Sendable, Hashable {
    public var by: String
    public var token: String
    public init(by: String, token: String) { self.by = by; self.token = token }

    /// A token a client may send: short, and letters, digits and `-` only (anything else
    /// is not told back).
    public static func acceptable(_ token: String) -> Bool {
        (1...64).contains(token.utf8.count) && token.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D }
    }
}

/// The empty response of a request that returns nothing.
public struct Empty: Codable, Sendable, Equatable {
    public init() {}
}

public struct Holiday: Codable, Sendable, Hashable {
    public var day: String
    public var name: String
    public init(day: String, name: String) { self.day = day; self.name = name }
}

/// Which records a committed write touched. Consoles re-read only what is on their screen
/// and changed; `everything` asks for a full refresh (a commit the service did not make).
public struct ChangeSet: Codable, Sendable, Equatable {
    public var tickets: [Int64]
    public var customers: [Int64]
    public var everything: Bool
    /// Presence changed: who is viewing or typing where. Nothing in the database did.
    public var presence: Bool
    /// The tickets an agent arrived at, when `presence` is set and the change names them;
    /// nil when it does not (an agent left a ticket, a console closed). A console re-reads
    /// the open ticket's presence when the change names that ticket, names none, or may be
    /// a departure of someone it shows (an agent leaving for another ticket names that one).
    public var presenceTickets: [Int64]?
    /// Whose presence moved, when `presence` is set and the service said (sorted logins);
    /// nil: not said. A console skips the re-read when only its own agent's moved.
    public var presenceBy: [String]?
    /// Each changed ticket's owner after the commit, when the service read them (one read
    /// per commit, for every console); nil when unknown, and a console then re-reads.
    public var owners: [TicketOwner]?
    /// Every agent's unowned part of the header counts after the commit, counted once by
    /// the service for every console (`UnownedQueueCounts`); nil when not counted (an
    /// older service, a change too large, no ticket changed), and a console then reads.
    public var unownedCounts: UnownedQueueCounts?
    /// The writes whose commits this change tells of, when each came with its client's
    /// token (`X-Paydesk-Write`), signed by the service with who sent it; nil when any
    /// commit in it came without one (another instance's, a command line's, a deliverer's).
    /// A console that has read its queue and open ticket back after its own writes need
    /// not read them again when their echo comes (`WriteEcho`).
    public var echoOf: [WriteEcho]?

    public init(tickets: [Int64] = [], customers: [Int64] = [], everything: Bool = false, presence: Bool = false,
                presenceTickets: [Int64]? = nil) {
        self.tickets = tickets; self.customers = customers; self.everything = everything; self.presence = presence
        self.presenceTickets = presence ? presenceTickets : nil
    }

    public var isEmpty: Bool { tickets.isEmpty && customers.isEmpty && !everything && !presence }

    /// Only who is looking at which ticket moved; no data did.
    public var isPresenceOnly: Bool { presence && tickets.isEmpty && customers.isEmpty && !everything }

    /// Whether a row may have changed: tickets, customers or everything (not presence alone).
    public var changesData: Bool { !tickets.isEmpty || !customers.isEmpty || everything }

    public mutating func formUnion(_ other: ChangeSet) {
        // The writes told of are those of the sides that changed data; one side that came
        // without them leaves the whole unknown.
        switch (changesData, other.changesData) {
        case (true, true): echoOf = echoOf.flatMap { mine in other.echoOf.map { mine + $0 } }
        case (false, true): echoOf = other.echoOf
        case (true, false): break
        case (false, false): echoOf = nil
        }
        owners = Self.owners(tickets.isEmpty ? [] : owners, other.tickets.isEmpty ? [] : other.owners)
        // The later change's counts were counted after the earlier's commit: they stand for
        // both. A later change of tickets without counts leaves them unknown; one that
        // changed no ticket (presence, a customer) moved no count.
        if !other.tickets.isEmpty || other.everything { unownedCounts = other.unownedCounts }
        tickets = Array(Set(tickets).union(other.tickets)).sorted()
        customers = Array(Set(customers).union(other.customers)).sorted()
        everything = everything || other.everything
        if other.presence {
            // Unnamed on either side is unnamed.
            presenceTickets = presence ? presenceTickets.flatMap { mine in other.presenceTickets.map { Array(Set(mine).union($0)).sorted() } }
                                       : other.presenceTickets
            presenceBy = presence ? presenceBy.flatMap { mine in other.presenceBy.map { Array(Set(mine).union($0)).sorted() } }
                                  : other.presenceBy
        }
        presence = presence || other.presence
        if tickets.isEmpty { owners = nil; unownedCounts = nil }
    }

    /// Two changes' owners, the later's winning; unknown on either side is unknown.
    private static func owners(_ earlier: [TicketOwner]?, _ later: [TicketOwner]?) -> [TicketOwner]? {
        guard let earlier, let later else { return nil }
        let replaced = Set(later.map(\.number))
        return (earlier.filter { !replaced.contains($0.number) } + later).sorted { $0.number < $1.number }
    }
}
