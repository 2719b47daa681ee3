import Crypto
import Foundation
import SupportCore

/// Where the audit log's anchors live: outside the database, so that whoever can rewrite
/// the SQLite file (a copy, a backup, a sqlite3 shell) cannot also re-sign the log. In
/// service mode only the service account can read them; the checkpoint file is what an
/// admin ships off-host (or reads from syslog with `PAYDESK_AUDIT_SYSLOG=1`).
public struct AuditFiles: Sendable, Equatable {
    public var keyPath: String
    public var checkpointPath: String

    public init(keyPath: String, checkpointPath: String) {
        self.keyPath = keyPath
        self.checkpointPath = checkpointPath
    }

    /// `$PAYDESK_AUDIT_KEY` and `$PAYDESK_AUDIT_CHECKPOINTS` when set, else
    /// `<db>.audit-key` and `<db>.audit-checkpoints` beside the database.
    public static func beside(database path: String,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> AuditFiles {
        func env(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        return AuditFiles(keyPath: env("PAYDESK_AUDIT_KEY") ?? path + ".audit-key",
                          checkpointPath: env("PAYDESK_AUDIT_CHECKPOINTS") ?? path + ".audit-checkpoints")
    }
}

extension AuditFiles {
    /// A database file renamed into place (a finished seed) takes its key, checkpoints
    /// and delivery key along, unless both names resolve to the same files (`$PAYDESK_AUDIT_KEY`).
    package static func move(database from: String, to: String) throws {
        let old = beside(database: from), new = beside(database: to)
        for (a, b) in [(old.keyPath, new.keyPath), (old.checkpointPath, new.checkpointPath),
                       (DeliveryKey.path(database: from), DeliveryKey.path(database: to))] where a != b {
            guard FileManager.default.fileExists(atPath: a) else { continue }
            guard rename(a, b) == 0 else {
                throw StoreError(.other, "Cannot move \(a) to \(b): \(String(cString: strerror(errno))).")
            }
        }
    }
}

/// The HMAC-SHA256 key of the audit chain: 32 random bytes, stored as hex in a file of
/// its own that only its owner (or the team's group) may read.
package struct AuditKey: Sendable {
    let bytes: Data

    /// Names the key without revealing it, so `audit verify` can tell "another key" from
    /// "a forged record".
    var id: String {
        var material = Data("paydesk audit key id\n".utf8)
        material.append(bytes)
        return String(Hex.string(SHA256.hash(data: material)).prefix(16))
    }

    func mac(_ text: String) -> String { mac(Data(text.utf8)) }

    package func mac(_ data: Data) -> String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: data, using: SymmetricKey(data: bytes)))
    }

    /// The key at `path`, or nil when there is none. A key others could read, a symbolic
    /// link or anything but a regular file is refused rather than trusted.
    package static func load(_ path: String) throws -> AuditKey? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw StoreError(.other, "Cannot read the audit key \(path): \(String(cString: strerror(errno))).")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw StoreError(.other, "The audit key \(path) is not a regular file; it was not used.")
        }
        guard info.st_mode & 0o007 == 0 else {
            throw StoreError(.other, "The audit key \(path) is readable by other users; make it owner-only (chmod 600) and keep the old one in mind as exposed.")
        }
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = read(fd, &buffer, buffer.count)
        let text = String(decoding: buffer.prefix(max(n, 0)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Hex.data(text), bytes.count == 32 else {
            throw StoreError(.other, "The audit key \(path) is damaged (expected 64 hex digits).")
        }
        return AuditKey(bytes: bytes)
    }

    /// Makes a new key, or returns the one another process made first. The key is written
    /// to a private temporary file and linked into place, so nobody ever reads half a key
    /// and two processes never end up with different keys.
    static func create(_ path: String) throws -> AuditKey {
        var raw = Data(count: 32)
        let random = SymmetricKey(size: .bits256)
        random.withUnsafeBytes { raw = Data($0) }
        let temp = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try PrivateFile.write(Data((Hex.string(raw) + "\n").utf8), to: temp, mode: FileModes.process.file)
        } catch {
            throw StoreError(.other, "Cannot create the audit key \(path): \(error).")
        }
        defer { unlink(temp) }
        if link(temp, path) != 0 && errno != EEXIST {
            throw StoreError(.other, "Cannot create the audit key \(path): \(String(cString: strerror(errno))).")
        }
        guard let key = try load(path) else { throw StoreError(.other, "The audit key \(path) vanished while it was made.") }
        return key
    }
}

enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Two digits a byte from a table: `String(format: "%02x")` per byte went through
    /// varargs and CoreFoundation's formatter, and cost every audited write more than
    /// the HMAC it spelled out.
    static func string<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func data(_ text: String) -> Data? {
        guard text.count % 2 == 0 else { return nil }
        var out = Data(capacity: text.count / 2)
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            out.append(byte)
            index = next
        }
        return out
    }
}
