import Foundation
import SupportCore
import SupportStore

/// `paydesk backup FILE`: the service (or this process, embedded) writes the copy, so the
/// file belongs to the account that owns the data.
public struct BackupRequest: SupportRequest {
    public typealias Response = BackupReport
    public static let operation = "backup"
    public static let effect = RequestEffect.write
    public var path: String
    public init(path: String) { self.path = path }
    public func handle(_ context: RequestContext) throws -> Response {
        try context.store.backup(to: path, by: context.actor)
    }
    public func changes(_ response: Response) -> ChangeSet { ChangeSet() }
}
