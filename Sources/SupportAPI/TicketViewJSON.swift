import Foundation
import SupportCore
import SupportStore

/// The ticket pane's reply (`TicketView`) written by hand on `FlatJSONWriter`, as a queue
/// page's is. `JSONEncoder` and `JSONDecoder` spent 0.07 ms each on the 10M seed's longest
/// ticket (6 entries, 1.8 KB) and grow with the timeline (0.2–0.3 ms each at 42 entries);
/// by hand it is a tenth of that. What is left of the pane's time over embedded is the
/// round trip every request pays (BENCHMARKS.md, "Through the service: the ticket pane's
/// reply by hand"). `TicketViewJSONReader` reads it back on the client.
///
/// The bytes are the encoder's — keys in sorted order, nil optionals left out, text escaped
/// as it escapes it, dates in whole seconds — with two differences `JSONDecoder` does not
/// see: the deliveries, keyed by event id, go out as the `[id, status, id, status…]` pairs
/// the encoder makes of a dictionary with integer keys, here in id order where the encoder
/// follows the dictionary's own (per process) order; and the complaint, on a complaint
/// ticket, is the encoder's own bytes (its record carries the business calendar, read by
/// its own `Codable`). A view it cannot write as the encoder would — a date within a
/// millisecond of a whole second or past year 9999 — goes to the encoder (`nil`).
public enum TicketViewJSON {
    public static func encode(_ view: TicketView) -> Data? {
        var out = FlatJSONWriter()
        // The bodies and, for each event, its fixed keys, dates and numbers (~110 bytes).
        out.out.reserveCapacity(view.events.reduce(1_024) { $0 + $1.body.utf8.count + 128 })
        guard write(view, &out) else { return nil }
        return Data(out.out)
    }

    static func write(_ view: TicketView, _ out: inout FlatJSONWriter) -> Bool {
        out.open()
        if let assignee = view.assignee {
            out.key("assignee", first: true); out.anyText(assignee)
            out.key("clocks")
        } else {
            out.key("clocks", first: true)
        }
        guard out.array(view.clocks, clock) else { return false }
        if let complaint = view.complaint {
            guard let bytes = try? WireJSON.encoder().encode(complaint) else { return false }
            out.key("complaint"); out.out.append(contentsOf: bytes)
        }
        out.key("deliveries")
        let deliveries = view.deliveries.sorted { $0.key < $1.key }
        out.out.append(UInt8(ascii: "["))
        for (index, (eventId, status)) in deliveries.enumerated() {
            if index > 0 { out.out.append(UInt8(ascii: ",")) }
            out.number(eventId)
            out.out.append(UInt8(ascii: ","))
            guard delivery(status, &out) else { return false }
        }
        out.out.append(UInt8(ascii: "]"))
        if let draft = view.draft {
            out.key("draft"); out.open()
            out.key("body", first: true); out.anyText(draft.body)
            out.key("kind"); out.anyText(draft.kind)
            out.key("updatedAt"); guard out.dateDroppingFraction(draft.updatedAt) else { return false }
            out.close()
        }
        out.key("events"); guard out.array(view.events, event) else { return false }
        if let hasEarlier = view.hasEarlier { out.key("hasEarlier"); out.boolean(hasEarlier) }
        out.key("links"); guard out.array(view.links, link) else { return false }
        out.key("presence"); guard out.array(view.presence, presence) else { return false }
        out.key("ticket"); guard ticket(view.ticket, &out) else { return false }
        out.close()
        return true
    }

    static func ticket(_ ticket: Ticket, _ out: inout FlatJSONWriter) -> Bool {
        out.open()
        if let assignee = ticket.assigneeId {
            out.key("assigneeId", first: true); out.number(assignee)
            out.key("category")
        } else {
            out.key("category", first: true)
        }
        out.anyText(ticket.category.rawValue)
        out.key("channel"); out.anyText(ticket.channel.rawValue)
        out.key("createdAt"); guard out.dateDroppingFraction(ticket.createdAt) else { return false }
        out.key("customerId"); out.number(ticket.customerId)
        if let first = ticket.firstResponseAt {
            out.key("firstResponseAt"); guard out.dateDroppingFraction(first) else { return false }
        }
        out.key("id"); out.number(ticket.id)
        if let merged = ticket.mergedInto {
            out.key("mergedInto"); out.number(merged)
        }
        out.key("number"); out.number(ticket.number)
        out.key("priority"); out.anyText(ticket.priority.rawValue)
        if let solved = ticket.solvedAt {
            out.key("solvedAt"); guard out.dateDroppingFraction(solved) else { return false }
        }
        out.key("status"); out.anyText(ticket.status.rawValue)
        out.key("subcategory"); out.anyText(ticket.subcategory)
        out.key("subject"); out.anyText(ticket.subject)
        out.key("tags"); _ = out.array(ticket.tags) { tag, out in out.anyText(tag); return true }
        out.key("untriaged"); out.boolean(ticket.untriaged)
        out.key("updatedAt"); guard out.dateDroppingFraction(ticket.updatedAt) else { return false }
        if let by = ticket.updatedBy {
            out.key("updatedBy"); out.anyText(by)
        }
        out.key("version"); out.number(ticket.version)
        out.close()
        return true
    }

    static func event(_ event: TicketEvent, _ out: inout FlatJSONWriter) -> Bool {
        out.open()
        out.key("at", first: true); guard out.dateDroppingFraction(event.at) else { return false }
        out.key("author"); out.anyText(event.author)
        out.key("body"); out.anyText(event.body)
        out.key("id"); out.number(event.id)
        out.key("kind"); out.anyText(event.kind.rawValue)
        out.key("ticketId"); out.number(event.ticketId)
        out.close()
        return true
    }

    static func clock(_ clock: SLAClockStatus, _ out: inout FlatJSONWriter) -> Bool {
        out.open()
        out.key("due", first: true); guard out.dateDroppingFraction(clock.due) else { return false }
        out.key("elapsedMinutes"); out.number(Int64(clock.elapsedMinutes))
        out.key("metric"); out.anyText(clock.metric.rawValue)
        out.key("state"); out.anyText(clock.state.rawValue)
        if let stopped = clock.stoppedAt {
            out.key("stoppedAt"); guard out.dateDroppingFraction(stopped) else { return false }
        }
        out.key("targetMinutes"); out.number(Int64(clock.targetMinutes))
        out.key("warningAt"); guard out.dateDroppingFraction(clock.warningAt) else { return false }
        out.close()
        return true
    }

    static func link(_ link: TicketLink, _ out: inout FlatJSONWriter) -> Bool {
        out.open()
        out.key("from", first: true); out.number(link.from)
        out.key("kind"); out.anyText(link.kind.rawValue)
        out.key("to"); out.number(link.to)
        out.close()
        return true
    }

    static func presence(_ entry: PresenceEntry, _ out: inout FlatJSONWriter) -> Bool {
        out.open()
        out.key("login", first: true); out.anyText(entry.login)
        out.key("since"); guard out.dateDroppingFraction(entry.since) else { return false }
        out.key("state"); out.anyText(entry.state.rawValue)
        out.close()
        return true
    }

    static func delivery(_ status: DeliveryStatus, _ out: inout FlatJSONWriter) -> Bool {
        out.open()
        if let at = status.at {
            out.key("at", first: true); guard out.dateDroppingFraction(at) else { return false }
            out.key("attempts")
        } else {
            out.key("attempts", first: true)
        }
        out.number(Int64(status.attempts))
        out.key("channel"); out.anyText(status.channel.rawValue)
        if let error = status.lastError {
            out.key("lastError"); out.anyText(error)
        }
        if let message = status.messageId {
            out.key("messageId"); out.anyText(message)
        }
        if let next = status.nextAttemptAt {
            out.key("nextAttemptAt"); guard out.dateDroppingFraction(next) else { return false }
        }
        out.key("outboxId"); out.number(status.outboxId)
        out.key("state"); out.anyText(status.state.rawValue)
        out.close()
        return true
    }
}
