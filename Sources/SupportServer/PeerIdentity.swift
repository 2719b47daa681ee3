import Foundation
import NIOCore

/// Who is on the other end of a Unix socket, as the kernel says (SO_PEERCRED): nothing
/// the client sends about itself counts.
enum PeerIdentity {
    struct Peer: Sendable { var uid: uid_t; var pid: pid_t; var login: String? }

    static func peer(of channel: any Channel) async throws -> Peer {
        guard let provider = channel as? SocketOptionProvider else {
            throw PeerError.unsupported
        }
        let cred: PeerCredentials = try await provider.unsafeGetSocketOption(level: .socket, name: .init(rawValue: SO_PEERCRED)).get()
        return Peer(uid: cred.uid, pid: cred.pid, login: login(uid: cred.uid))
    }

    /// `struct ucred` from <sys/socket.h> (Glibc hides it behind _GNU_SOURCE): pid, uid, gid.
    struct PeerCredentials: Sendable {
        var pid: pid_t = 0
        var uid: uid_t = 0
        var gid: gid_t = 0
    }

    /// The account name for a uid (getpwuid_r: thread-safe).
    static func login(uid: uid_t) -> String? {
        var pwd = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &pwd, &buffer, buffer.count, &result) == 0, result != nil, let name = pwd.pw_name else { return nil }
        return String(cString: name)
    }

    enum PeerError: Error, CustomStringConvertible {
        case unsupported
        var description: String { "The connection is not a Unix socket; the service identifies callers only by SO_PEERCRED." }
    }
}
