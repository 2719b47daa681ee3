import Foundation
import GRDB
import SupportCore

extension StoreEngine {
    /// The operating-system user running this process.
    public static var operatingSystemUser: String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }
}

extension SupportStore {

    /// Who is acting: the OS user, or `--as LOGIN` on a demo database only.
    public func resolveActor(asLogin: String? = nil) throws -> Agent {
        try resolveActor(caller: Self.operatingSystemUser, asLogin: asLogin)
    }
}
