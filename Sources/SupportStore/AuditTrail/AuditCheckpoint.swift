import Foundation
import SupportCore

/// A signed statement of how far the audit log reached: after every commit that added
/// audit records, one line with the record count, the head hash, when, and from which
/// record the chain is keyed, all under the key's HMAC. Deleting the last records, or
/// rewriting the log, no longer matches the newest line; and a line cannot be forged
/// without the key. Lines are appended to a file outside the database (and to syslog
/// with `PAYDESK_AUDIT_SYSLOG=1`), which the admin ships off-host like any log.
struct AuditCheckpoint: Equatable {
    static let tag = "paydesk-audit-checkpoint v1"

    var at: Int64
    var records: Int64
    var head: String
    var keyedFrom: Int64
    var keyId: String
    var mac: String

    var body: String {
        "\(Self.tag) at=\(at) records=\(records) head=\(head) keyed_from=\(keyedFrom) key=\(keyId)"
    }

    var line: String { body + " mac=\(mac)" }

    static func signed(at: Int64, records: Int64, head: String, keyedFrom: Int64, key: AuditKey) -> AuditCheckpoint {
        var c = AuditCheckpoint(at: at, records: records, head: head, keyedFrom: keyedFrom, keyId: key.id, mac: "")
        c.mac = key.mac(c.body)
        return c
    }

    func isSigned(by key: AuditKey) -> Bool {
        keyId == key.id && OneTimeCode.constantTimeEqual(key.mac(body), mac)
    }

    /// nil for a line that is not a checkpoint at all (a torn last line, say).
    init?(line: Substring) {
        guard line.hasPrefix(Self.tag + " ") else { return nil }
        var fields: [Substring: Substring] = [:]
        for part in line.dropFirst(Self.tag.count + 1).split(separator: " ") {
            guard let eq = part.firstIndex(of: "=") else { return nil }
            fields[part[..<eq]] = part[part.index(after: eq)...]
        }
        guard let at = fields["at"].flatMap({ Int64($0) }), let records = fields["records"].flatMap({ Int64($0) }),
              let head = fields["head"], let keyedFrom = fields["keyed_from"].flatMap({ Int64($0) }),
              let keyId = fields["key"], let mac = fields["mac"],
              head.count == 64, mac.count == 64 else { return nil }   // a torn last line is no checkpoint
        self.init(at: at, records: records, head: String(head), keyedFrom: keyedFrom, keyId: String(keyId), mac: String(mac))
    }

    init(at: Int64, records: Int64, head: String, keyedFrom: Int64, keyId: String, mac: String) {
        self.at = at; self.records = records; self.head = head; self.keyedFrom = keyedFrom; self.keyId = keyId; self.mac = mac
    }
}

enum AuditCheckpointFile {
    /// Appends one line. O_APPEND makes each line one atomic write even with many
    /// processes appending; O_NOFOLLOW and the regular-file check refuse a planted link.
    static func append(_ checkpoint: AuditCheckpoint, to path: String) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode_t(FileModes.process.file))
        guard fd >= 0 else { throw PrivateFile.Failure(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw PrivateFile.Failure(path: path, reason: "not a regular file")
        }
        // The umask may have narrowed a new file below the team's shared mode.
        if info.st_uid == geteuid(), Int(info.st_mode & 0o777) != FileModes.process.file { fchmod(fd, mode_t(FileModes.process.file)) }
        let line = checkpoint.line + "\n"
        try PrivateFile.writeAll(fd, Data(line.utf8), path: path)
        // getenv, not ProcessInfo's environment: that copies every variable into a
        // dictionary, and this runs after every commit that adds an audit record.
        if let flag = getenv("PAYDESK_AUDIT_SYSLOG"), strcmp(flag, "1") == 0 {
            checkpoint.line.withCString { text in
                withVaList([text]) { vsyslog(LOG_AUTHPRIV | LOG_NOTICE, "%s", $0) }
            }
        }
    }

    /// The file's lines, or nil when there is no file.
    static func lines(_ path: String) throws -> [Substring]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError(.other, "Cannot read the audit checkpoint file \(path).")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n")
    }
}
