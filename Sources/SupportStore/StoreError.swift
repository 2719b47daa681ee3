import Foundation

/// Every refusal a service can give, each with one sentence for the user.
/// The command line maps the kind to its exit code.
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case invalid      // bad input: exit 2
        case notFound     // exit 3
        case forbidden    // exit 4
        case conflict     // stale version, already claimed, invalid transition: exit 5
        case busy         // the database stayed locked through every retry
        case unsupported  // a service this store does not run (yet): exit 6
        case other
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    public static func notFound(_ what: String) -> StoreError { StoreError(.notFound, "\(what) was not found.") }
    public static func forbidden(_ m: String) -> StoreError { StoreError(.forbidden, m) }
    public static func conflict(_ m: String) -> StoreError { StoreError(.conflict, m) }
    public static func invalid(_ m: String) -> StoreError { StoreError(.invalid, m) }
    /// A service the store at hand does not run: `operation` names it.
    public static func unsupported(_ operation: String, on store: String) -> StoreError {
        StoreError(.unsupported, "'\(operation)' does not run on the \(store) store yet; nothing was done.")
    }
}
