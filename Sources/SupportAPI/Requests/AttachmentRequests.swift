import Foundation
import SupportCore
import SupportStore

/// A public reply with a file: the bytes travel in the request (the client's path means
/// nothing to the service) and the store keeps them until delivery. Bounded by
/// `SupportStore.uploadedAttachmentBytes`, and by the service's body limit before that.
public struct ReplyWithAttachmentRequest: SupportRequest {
    public typealias Response = Ticket
    public static let operation = "replyWithAttachment"
    public static let effect = RequestEffect.write
    public var ticket: Int64
    public var body: String
    public var fileName: String
    public var content: Data
    public var seenEventId: Int64?
    public var setStatus: TicketStatus?
    public var expecting: Int64?
    public init(ticket: Int64, body: String, fileName: String, content: Data, seenEventId: Int64?, setStatus: TicketStatus?,
                expecting: Int64?) {
        self.ticket = ticket; self.body = body; self.fileName = fileName; self.content = content
        self.seenEventId = seenEventId; self.setStatus = setStatus; self.expecting = expecting
    }
    public func handle(_ context: RequestContext) throws -> Response {
        try context.store.reply(ticket: ticket, body: body, attachmentName: fileName, content: content, by: context.actor,
                                seenEventId: seenEventId, setStatus: setStatus, expecting: expecting)
    }
    public func changes(_ response: Response) -> ChangeSet { ChangeSet(tickets: [ticket]) }
}
