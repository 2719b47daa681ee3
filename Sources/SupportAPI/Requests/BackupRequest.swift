import Foundation
import SupportCore
import SupportStore

/// `paydesk backup FILE`: the service (or this process, embedded) writes the copy, so the
/// file belongs to the account that owns the data. On PostgreSQL a backup is `pg_dump`'s
/// (the database's own consistent snapshot, run by whoever operates the database), so the
/// request is refused there with the command to use, as other services a store does not
/// run are refused.
public struct BackupRequest: SupportRequest {
    public typealias Response = BackupReport
    public static let operation = "backup"
    public static let effect = RequestEffect.write
    public var path: String
    public init(path: String) { self.path = path }
    public func handle(_ context: RequestContext) throws -> Response {
        guard let store = context.engine as? SupportStore else {
            throw StoreError(.unsupported, "On \(context.engine.engineName) a backup is pg_dump's job, not paydesk's: run `pg_dump --format=custom --file=FILE 'postgresql://…'` as the service's database role and keep the audit key and delivery key files with the dump (elsewhere); nothing was done.")
        }
        return try store.backup(to: path, by: context.actor)
    }
    public func changes(_ response: Response) -> ChangeSet { ChangeSet() }
}
