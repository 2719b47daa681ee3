import Foundation
import Logging
import PostgresNIO

/// What one commit changed, as other service instances hear of it: the same fields, and
/// the same JSON, as the service's `ChangeSet`, so an instance can hand a notice straight
/// to its consoles' event stream.
public struct ChangeNotice: Codable, Sendable, Equatable {
    public var tickets: [Int64]
    public var customers: [Int64]
    public var everything: Bool
    public var presence: Bool
    /// The instance that made the change, so it does not hear its own (nil: unknown).
    public var origin: String?

    public init(tickets: [Int64] = [], customers: [Int64] = [], everything: Bool = false, presence: Bool = false,
                origin: String? = nil) {
        self.tickets = tickets
        self.customers = customers
        self.everything = everything
        self.presence = presence
        self.origin = origin
    }

    /// The channel every instance listens on.
    public static let channel = "paydesk_changes"

    /// Queues the notice in the caller's transaction: PostgreSQL delivers it to listeners
    /// when, and only if, the transaction commits.
    func announce(on connection: PostgresConnection, logger: Logger) async throws {
        let payload = String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
        try await connection.query("SELECT pg_notify(\(Self.channel), \(payload))", logger: logger)
    }
}
