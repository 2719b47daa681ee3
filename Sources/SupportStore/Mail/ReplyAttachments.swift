import Foundation
import SupportCore

/// One file a reply carries, as the client sends it: the name the customer sees and the
/// bytes (the client's path means nothing to the service).
public struct ReplyFile: Sendable, Codable, Hashable {
    public var name: String
    public var content: Data
    public init(name: String, content: Data) { self.name = name; self.content = content }
}

// Several files on one reply. The outbox keeps them in its one `attachment_path` column:
// a single file as its path (what every earlier version wrote, so such rows still go out),
// several as a JSON array of paths. Absolute paths start with "/", so the two never meet.
enum OutboxAttachments {
    static func encode(_ paths: [String]) -> String? {
        switch paths.count {
        case 0: return nil
        case 1: return paths[0]
        default:
            let data = (try? JSONEncoder().encode(paths)) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }

    static func decode(_ stored: String?) -> [String] {
        guard let stored, !stored.isEmpty else { return [] }
        guard stored.hasPrefix("[") else { return [stored] }
        return (try? JSONDecoder().decode([String].self, from: Data(stored.utf8))) ?? []
    }
}

extension SupportStore {
    /// Every file of one reply together: two statements of 5 MiB fit, and the request
    /// carrying them (base64 grows them by a third) stays under the service's body limit.
    public static let uploadedAttachmentsTotalBytes = 10 << 20
    /// Files on one reply: a customer asked for a few statements, not an archive.
    public static let attachmentsPerReply = 10

    /// Why these files cannot go out on one reply, or nil. Checked before anything is
    /// written, so a refusal stores nothing.
    public static func attachmentsProblem(_ files: [(name: String, size: Int)]) -> String? {
        if files.count > attachmentsPerReply {
            return "A reply carries at most \(attachmentsPerReply) files; this one has \(files.count)."
        }
        for file in files {
            if file.size == 0 { return "Cannot attach \(file.name): the file is empty." }
            if file.size > uploadedAttachmentBytes {
                return "Cannot attach \(file.name): \(kib(file.size)) KiB is over the \(uploadedAttachmentBytes >> 20) MiB one file may be."
            }
        }
        let total = files.reduce(0) { $0 + $1.size }
        if total > uploadedAttachmentsTotalBytes {
            return "Cannot attach \(files.count) files: \(kib(total)) KiB together is over the \(uploadedAttachmentsTotalBytes >> 20) MiB a reply may carry; send them on two replies."
        }
        return nil
    }

    /// Sizes in KiB rounded up, so a file one byte over 5 MiB does not read as 5120 KiB.
    private static func kib(_ bytes: Int) -> Int { (bytes + 1023) >> 10 }
}

extension StoreEngine {
    /// Sends a public reply with every file attached, in order. The files are stored in
    /// `outbox_files` in the reply's own transaction (two `statement.xlsx` on one reply are
    /// two rows), so a refused reply stores nothing and a queued one always has its files.
    @discardableResult
    public func reply(ticket number: Int64, body: String, files: [ReplyFile], by actor: Agent,
                      seenEventId: Int64? = nil, setStatus: TicketStatus? = nil, expecting version: Int64? = nil) throws -> Ticket {
        let named = try files.map { ReplyFile(name: try Self.attachmentName($0.name), content: $0.content) }
        if let problem = SupportStore.attachmentsProblem(named.map { ($0.name, $0.content.count) }) { throw StoreError.invalid(problem) }
        return try reply(ticket: number, body: body, attachments: [], files: named, by: actor, seenEventId: seenEventId,
                         setStatus: setStatus, expecting: version)
    }

    /// Keeps a queued reply's files beside its outbox row, in order.
    func storeReplyFiles(_ session: any SQLSession, outboxId: Int64, files: [ReplyFile]) throws {
        for (position, file) in files.enumerated() {
            try session.run("INSERT INTO outbox_files (outbox_id, position, name, content) VALUES (?, ?, ?, ?)",
                            [outboxId, position, file.name, file.content])
        }
    }

    /// A queued message's stored files, in order, as delivery attaches them.
    func replyFiles(outboxId: Int64) throws -> [(name: String, data: Data)] {
        try reading { db in
            try db.fetchRows("SELECT name, content FROM outbox_files WHERE outbox_id = ? ORDER BY position", [outboxId])
                .map { ($0["name"], $0["content"]) }
        }
    }
}
