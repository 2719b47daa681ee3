import Foundation
import SupportCore

// A reply with a file the client sent along (the console's exported statement). The
// client's path means nothing to the service, which may run as another user on another
// host's view of the disk, so the bytes travel in the request and the store keeps them in
// the database (`outbox_files`) until delivery reads them.
extension SupportStore {
    /// Largest file a reply request may carry (all of them together: `uploadedAttachmentsTotalBytes`).
    /// A month's XLSX or PDF statement is a few hundred KB.
    public static let uploadedAttachmentBytes = 5 << 20
}

extension StoreEngine {
    /// Sends a public reply with `content` attached under `fileName` (its last path
    /// component, cleaned): one file of `reply(ticket:body:files:)`.
    @discardableResult
    public func reply(ticket number: Int64, body: String, attachmentName fileName: String, content: Data, by actor: Agent,
                      seenEventId: Int64? = nil, setStatus: TicketStatus? = nil, expecting version: Int64? = nil) throws -> Ticket {
        try reply(ticket: number, body: body, files: [ReplyFile(name: fileName, content: content)], by: actor,
                  seenEventId: seenEventId, setStatus: setStatus, expecting: version)
    }

    /// The name the customer sees: the last path component, without control characters,
    /// and not `.`/`..` or hidden.
    static func attachmentName(_ given: String) throws -> String {
        let last = (given as NSString).lastPathComponent
        let cleaned = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value)
            && !(0x202A...0x202E).contains($0.value) && !(0x2066...0x2069).contains($0.value) }.map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        guard !cleaned.isEmpty, !cleaned.hasPrefix("."), !cleaned.contains("/"), cleaned.utf8.count <= 200 else {
            throw StoreError.invalid("That file name cannot be an attachment's name; use letters, digits and dots.")
        }
        return cleaned
    }
}
