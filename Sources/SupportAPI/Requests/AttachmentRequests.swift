import Foundation
import SupportCore
import SupportStore

/// A public reply with files: the bytes travel in the request (the client's path means
/// nothing to the service) and the store keeps them until delivery. Bounded per file by
/// `SupportStore.uploadedAttachmentBytes` and together by `uploadedAttachmentsTotalBytes`,
/// and by the service's body limit before that. (It replaced `replyWithAttachment`, which
/// carried one file; the service and its clients are built together.)
public struct ReplyWithAttachmentsRequest: SupportRequest {
    public typealias Response = Ticket
    public static let operation = "replyWithAttachments"
    public static let effect = RequestEffect.write
    public var ticket: Int64
    public var body: String
    public var files: [ReplyFile]
    public var seenEventId: Int64?
    public var setStatus: TicketStatus?
    public var expecting: Int64?
    public init(ticket: Int64, body: String, files: [ReplyFile], seenEventId: Int64?, setStatus: TicketStatus?,
                expecting: Int64?) {
        self.ticket = ticket; self.body = body; self.files = files
        self.seenEventId = seenEventId; self.setStatus = setStatus; self.expecting = expecting
    }
    public func handle(_ context: RequestContext) throws -> Response {
        try context.engine.reply(ticket: ticket, body: body, files: files, by: context.actor,
                                seenEventId: seenEventId, setStatus: setStatus, expecting: expecting)
    }
    public func changes(_ response: Response) -> ChangeSet { ChangeSet(tickets: [ticket]) }
}
