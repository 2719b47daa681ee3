import Foundation
import SupportCore
import SupportStore

/// The ticket pane's reply read back by hand on the client (`FlatJSONReader`): it reads
/// what `TicketViewJSON` and `WireJSON.encoder()` write — no whitespace, keys in sorted
/// order, nil optionals left out, whole-second dates from 1900 on, integers, text with any
/// escapes — and gives the very value `JSONDecoder` gives (tests hold the two equal on
/// every ticket of the demo, on hostile text and on every damaged byte of a reply). The
/// complaint is read by its own `Codable` from its bytes, as the encoder wrote them.
/// Anything else — a key out of place, `null` for a missing value, a delivery's id twice,
/// text that is not UTF-8 — returns `nil`, and the caller hands the reply to `JSONDecoder`,
/// which then decides, or refuses, as it always did.
public enum TicketViewJSONReader {
    public static func decode(_ data: Data) -> TicketView? {
        return FlatJSONReader.whole(data) { reader in
            guard reader.take(UInt8(ascii: "{")) else { return nil }
            var assignee: String?
            if reader.peek("\"assignee\"") {
                guard reader.key("assignee", first: true), let login = reader.anyText(), reader.key("clocks") else { return nil }
                assignee = login
            } else {
                guard reader.key("clocks", first: true) else { return nil }
            }
            guard let clocks = reader.array(Self.clock) else { return nil }
            var complaint: ComplaintRecord?
            if reader.peek(",\"complaint\"") {
                guard reader.key("complaint"), reader.peek("{"), let bytes = reader.valueBytes(),
                      let record = try? WireJSON.decoder().decode(ComplaintRecord.self, from: bytes) else { return nil }
                complaint = record
            }
            guard reader.key("deliveries"), let deliveries = Self.deliveries(&reader) else { return nil }
            var draft: Draft?
            if reader.peek(",\"draft\"") {
                guard reader.key("draft"), reader.take(UInt8(ascii: "{")),
                      reader.key("body", first: true), let body = reader.anyText(),
                      reader.key("kind"), let kind = reader.anyText(),
                      reader.key("updatedAt"), let updatedAt = reader.date(),
                      reader.take(UInt8(ascii: "}")) else { return nil }
                draft = Draft(kind: kind, body: body, updatedAt: updatedAt)
            }
            guard reader.key("events"), let events = reader.array(reserving: reader.bytes.count / 400, Self.event) else { return nil }
            var hasEarlier: Bool?
            if reader.peek(",\"hasEarlier\"") {
                guard reader.key("hasEarlier"), let value = reader.boolean() else { return nil }
                hasEarlier = value
            }
            guard reader.key("links"), let links = reader.array(Self.link),
                  reader.key("presence"), let presence = reader.array(Self.presence),
                  reader.key("ticket"), let ticket = Self.ticket(&reader),
                  reader.take(UInt8(ascii: "}")) else { return nil }
            return TicketView(ticket: ticket, assignee: assignee, events: events, clocks: clocks, links: links,
                              presence: presence, complaint: complaint, deliveries: deliveries, draft: draft,
                              hasEarlier: hasEarlier)
        }
    }

    static func ticket(_ reader: inout FlatJSONReader) -> Ticket? {
        guard reader.take(UInt8(ascii: "{")) else { return nil }
        var assigneeId: Int64?
        if reader.peek("\"assigneeId\"") {
            guard reader.key("assigneeId", first: true), let id = reader.integer(), reader.key("category") else { return nil }
            assigneeId = id
        } else {
            guard reader.key("category", first: true) else { return nil }
        }
        guard let category = reader.text().flatMap(Category.init(rawValue:)),
              reader.key("channel"), let channel = reader.text().flatMap(Channel.init(rawValue:)),
              reader.key("createdAt"), let createdAt = reader.date(),
              reader.key("customerId"), let customerId = reader.integer() else { return nil }
        var firstResponseAt: Date?, mergedInto: Int64?, solvedAt: Date?, updatedBy: String?
        if reader.peek(",\"firstResponseAt\"") {
            guard reader.key("firstResponseAt"), let date = reader.date() else { return nil }
            firstResponseAt = date
        }
        guard reader.key("id"), let id = reader.integer() else { return nil }
        if reader.peek(",\"mergedInto\"") {
            guard reader.key("mergedInto"), let number = reader.integer() else { return nil }
            mergedInto = number
        }
        guard reader.key("number"), let number = reader.integer(),
              reader.key("priority"), let priority = reader.text().flatMap(Priority.init(rawValue:)) else { return nil }
        if reader.peek(",\"solvedAt\"") {
            guard reader.key("solvedAt"), let date = reader.date() else { return nil }
            solvedAt = date
        }
        guard reader.key("status"), let status = reader.text().flatMap(TicketStatus.init(rawValue:)),
              reader.key("subcategory"), let subcategory = reader.anyText(),
              reader.key("subject"), let subject = reader.anyText(),
              reader.key("tags"), let tags = reader.array({ $0.anyText() }),
              reader.key("untriaged"), let untriaged = reader.boolean(),
              reader.key("updatedAt"), let updatedAt = reader.date() else { return nil }
        if reader.peek(",\"updatedBy\"") {
            guard reader.key("updatedBy"), let login = reader.anyText() else { return nil }
            updatedBy = login
        }
        guard reader.key("version"), let version = reader.integer(), reader.take(UInt8(ascii: "}")) else { return nil }
        var ticket = Ticket(id: id, number: number, customerId: customerId, subject: subject, category: category,
                            subcategory: subcategory, channel: channel, priority: priority, status: status,
                            assigneeId: assigneeId, tags: tags, createdAt: createdAt, updatedAt: updatedAt,
                            updatedBy: updatedBy, firstResponseAt: firstResponseAt, solvedAt: solvedAt,
                            mergedInto: mergedInto, version: version)
        ticket.untriaged = untriaged
        return ticket
    }

    static func event(_ reader: inout FlatJSONReader) -> TicketEvent? {
        guard reader.take(UInt8(ascii: "{")),
              reader.key("at", first: true), let at = reader.date(),
              reader.key("author"), let author = reader.anyText(),
              reader.key("body"), let body = reader.anyText(),
              reader.key("id"), let id = reader.integer(),
              reader.key("kind"), let kind = reader.text().flatMap(TicketEventKind.init(rawValue:)),
              reader.key("ticketId"), let ticketId = reader.integer(),
              reader.take(UInt8(ascii: "}")) else { return nil }
        return TicketEvent(id: id, ticketId: ticketId, kind: kind, author: author, body: body, at: at)
    }

    static func clock(_ reader: inout FlatJSONReader) -> SLAClockStatus? {
        guard reader.take(UInt8(ascii: "{")),
              reader.key("due", first: true), let due = reader.date(),
              reader.key("elapsedMinutes"), let elapsed = reader.integer().flatMap(Int.init(exactly:)),
              reader.key("metric"), let metric = reader.text().flatMap(SLAMetric.init(rawValue:)),
              reader.key("state"), let state = reader.text().flatMap(SLAState.init(rawValue:)) else { return nil }
        var stoppedAt: Date?
        if reader.peek(",\"stoppedAt\"") {
            guard reader.key("stoppedAt"), let stopped = reader.date() else { return nil }
            stoppedAt = stopped
        }
        guard reader.key("targetMinutes"), let target = reader.integer().flatMap(Int.init(exactly:)),
              reader.key("warningAt"), let warningAt = reader.date(),
              reader.take(UInt8(ascii: "}")) else { return nil }
        return SLAClockStatus(metric: metric, state: state, targetMinutes: target, due: due, warningAt: warningAt,
                              elapsedMinutes: elapsed, stoppedAt: stoppedAt)
    }

    static func link(_ reader: inout FlatJSONReader) -> TicketLink? {
        guard reader.take(UInt8(ascii: "{")),
              reader.key("from", first: true), let from = reader.integer(),
              reader.key("kind"), let kind = reader.text().flatMap(TicketLinkKind.init(rawValue:)),
              reader.key("to"), let to = reader.integer(),
              reader.take(UInt8(ascii: "}")) else { return nil }
        return TicketLink(from: from, to: to, kind: kind)
    }

    static func presence(_ reader: inout FlatJSONReader) -> PresenceEntry? {
        guard reader.take(UInt8(ascii: "{")),
              reader.key("login", first: true), let login = reader.anyText(),
              reader.key("since"), let since = reader.date(),
              reader.key("state"), let state = reader.text().flatMap(PresenceState.init(rawValue:)),
              reader.take(UInt8(ascii: "}")) else { return nil }
        return PresenceEntry(login: login, state: state, since: since)
    }

    /// `[id, status, id, status…]` in any order, as the decoder reads a dictionary with
    /// integer keys; an id twice is left to the decoder (it keeps the last).
    static func deliveries(_ reader: inout FlatJSONReader) -> [Int64: DeliveryStatus]? {
        guard reader.take(UInt8(ascii: "[")) else { return nil }
        var deliveries: [Int64: DeliveryStatus] = [:]
        if reader.take(UInt8(ascii: "]")) { return deliveries }
        repeat {
            guard let id = reader.integer(), reader.take(UInt8(ascii: ",")), let status = delivery(&reader),
                  deliveries.updateValue(status, forKey: id) == nil else { return nil }
        } while reader.take(UInt8(ascii: ","))
        return reader.take(UInt8(ascii: "]")) ? deliveries : nil
    }

    static func delivery(_ reader: inout FlatJSONReader) -> DeliveryStatus? {
        guard reader.take(UInt8(ascii: "{")) else { return nil }
        var at: Date?, lastError: String?, messageId: String?, nextAttemptAt: Date?
        if reader.peek("\"at\"") {
            guard reader.key("at", first: true), let date = reader.date(), reader.key("attempts") else { return nil }
            at = date
        } else {
            guard reader.key("attempts", first: true) else { return nil }
        }
        guard let attempts = reader.integer().flatMap(Int.init(exactly:)),
              reader.key("channel"), let channel = reader.text().flatMap(OutboxChannel.init(rawValue:)) else { return nil }
        if reader.peek(",\"lastError\"") {
            guard reader.key("lastError"), let text = reader.anyText() else { return nil }
            lastError = text
        }
        if reader.peek(",\"messageId\"") {
            guard reader.key("messageId"), let text = reader.anyText() else { return nil }
            messageId = text
        }
        if reader.peek(",\"nextAttemptAt\"") {
            guard reader.key("nextAttemptAt"), let date = reader.date() else { return nil }
            nextAttemptAt = date
        }
        guard reader.key("outboxId"), let outboxId = reader.integer(),
              reader.key("state"), let state = reader.text().flatMap(DeliveryStatus.State.init(rawValue:)),
              reader.take(UInt8(ascii: "}")) else { return nil }
        return DeliveryStatus(outboxId: outboxId, channel: channel, state: state, attempts: attempts, at: at,
                              messageId: messageId, lastError: lastError, nextAttemptAt: nextAttemptAt)
    }
}
