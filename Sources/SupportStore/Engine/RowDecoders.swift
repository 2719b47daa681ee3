import Foundation
import GRDB
import SupportCore

// The records the hot reads return (a transaction page, a queue page, a ticket and its
// timeline, a customer), decoded by position on either store: each decoder finds its
// columns once per statement (`SQLRowDecoder`). `Transaction(row:)` and `Ticket(row:)`
// in Rows.swift are these same decoders applied to a single row.

/// A `transactions` row (`SELECT x.*`).
struct TransactionDecoder: SQLRowDecoder {
    let id, reference, customer, type, status, amount, currency, counterparty, channel, failure, at, flagged: Int

    init(_ columns: SQLColumns) throws {
        (id, reference, customer) = (try columns.position("id"), try columns.position("reference"), try columns.position("customer_id"))
        (type, status, amount) = (try columns.position("type"), try columns.position("status"), try columns.position("amount"))
        (currency, counterparty, channel) = (try columns.position("currency"), try columns.position("counterparty"),
                                             try columns.position("channel"))
        (failure, at, flagged) = (try columns.position("failure_code"), try columns.position("at"), try columns.position("flagged"))
    }

    func decode(_ row: SQLRow) -> Transaction {
        Transaction(id: row[id], reference: row[reference], customerId: row[customer],
                    type: TransactionType(rawValue: row[type]) ?? .payment,
                    status: TransactionStatus(rawValue: row[status]) ?? .pending,
                    amount: row[amount], currency: row[currency], counterparty: row[counterparty],
                    channel: row[channel], failureCode: row[failure], at: Date(epoch: row[at]), flagged: row[flagged])
    }
}

/// A `tickets` row (`SELECT *`), without its tags (they are rows of their own).
struct TicketDecoder: SQLRowDecoder {
    let id, number, customer, subject, category, subcategory, channel, priority, status, assignee: Int
    let createdAt, updatedAt, updatedBy, firstResponseAt, solvedAt, mergedInto, version: Int
    /// Absent from statements older than the untriaged flag's column (kept by name before).
    let untriaged: Int?

    init(_ columns: SQLColumns) throws {
        func at(_ name: String) throws -> Int { try columns.position(name) }
        (id, number, customer, subject) = (try at("id"), try at("number"), try at("customer_id"), try at("subject"))
        (category, subcategory, channel) = (try at("category"), try at("subcategory"), try at("channel"))
        (priority, status, assignee) = (try at("priority"), try at("status"), try at("assignee_id"))
        (createdAt, updatedAt, updatedBy) = (try at("created_at"), try at("updated_at"), try at("updated_by"))
        (firstResponseAt, solvedAt) = (try at("first_response_at"), try at("solved_at"))
        (mergedInto, version) = (try at("merged_into"), try at("version"))
        untriaged = columns.positionIfPresent("untriaged")
    }

    func decode(_ row: SQLRow) -> Ticket {
        var ticket = Ticket(id: row[id], number: row[number], customerId: row[customer], subject: row[subject],
                            category: Category(rawValue: row[category]) ?? .account, subcategory: row[subcategory],
                            channel: Channel(rawValue: row[channel]) ?? .web,
                            priority: Priority(rawValue: row[priority]) ?? .p3,
                            status: TicketStatus(rawValue: row[status]) ?? .open, assigneeId: row[assignee],
                            tags: [], createdAt: Date(epoch: row[createdAt]), updatedAt: Date(epoch: row[updatedAt]),
                            updatedBy: row[updatedBy],
                            firstResponseAt: (row[firstResponseAt] as Int64?).map(Date.init(epoch:)),
                            solvedAt: (row[solvedAt] as Int64?).map(Date.init(epoch:)),
                            mergedInto: row[mergedInto], version: row[version])
        ticket.untriaged = (row[ifPresent: untriaged] as Bool?) ?? false
        return ticket
    }
}

/// A ticket with its tags as a JSON array in `tag_list` (`StoreEngine.ticketWithTags`):
/// the array as read, for the caller to decode (it can say when that fails).
struct TicketWithTagsDecoder: SQLRowDecoder {
    let ticket: TicketDecoder
    let tagList: Int

    init(_ columns: SQLColumns) throws {
        ticket = try TicketDecoder(columns)
        tagList = try columns.position("tag_list")
    }

    func decode(_ row: SQLRow) -> (ticket: Ticket, tagList: String?) {
        (ticket.decode(row), row[tagList])
    }
}

/// A queue or history line (`TicketSummary.columns`).
struct TicketSummaryDecoder: SQLRowDecoder {
    let id, number, subject, category, channel, priority, status, customer, customerName, assignee: Int
    let createdAt, updatedAt, due, warn, version: Int
    let untriaged: Int?

    init(_ columns: SQLColumns) throws {
        func at(_ name: String) throws -> Int { try columns.position(name) }
        (id, number, subject, category) = (try at("id"), try at("number"), try at("subject"), try at("category"))
        (channel, priority, status) = (try at("channel"), try at("priority"), try at("status"))
        (customer, customerName, assignee) = (try at("customer_id"), try at("customer_name"), try at("assignee"))
        (createdAt, updatedAt) = (try at("created_at"), try at("updated_at"))
        (due, warn, version) = (try at("sla_due_at"), try at("sla_warn_at"), try at("version"))
        untriaged = columns.positionIfPresent("untriaged")
    }

    func decode(_ row: SQLRow) -> TicketSummary {
        let due: Int64 = row[due]
        let warn: Int64 = row[warn]
        var summary = TicketSummary(
            id: row[id], number: row[number], subject: row[subject],
            category: Category(rawValue: row[category]) ?? .account,
            channel: Channel(rawValue: row[channel]) ?? .web,
            priority: Priority(rawValue: row[priority]) ?? .p3,
            status: TicketStatus(rawValue: row[status]) ?? .open, customerId: row[customer],
            customerName: row[customerName], assignee: row[assignee],
            createdAt: Date(epoch: row[createdAt]), updatedAt: Date(epoch: row[updatedAt]),
            slaDueAt: due >= Schema.noDeadline ? nil : Date(epoch: due),
            slaWarnAt: warn >= Schema.noDeadline ? nil : Date(epoch: warn), version: row[version])
        summary.untriaged = (row[ifPresent: untriaged] as Bool?) ?? false
        return summary
    }
}

/// A `ticket_events` row (`SELECT *`): a timeline entry.
struct TicketEventDecoder: SQLRowDecoder {
    let id, ticket, kind, author, body, at: Int

    init(_ columns: SQLColumns) throws {
        (id, ticket, kind) = (try columns.position("id"), try columns.position("ticket_id"), try columns.position("kind"))
        (author, body, at) = (try columns.position("author"), try columns.position("body"), try columns.position("at"))
    }

    func decode(_ row: SQLRow) -> TicketEvent {
        TicketEvent(id: row[id], ticketId: row[ticket], kind: TicketEventKind(rawValue: row[kind]) ?? .note,
                    author: row[author], body: row[body], at: Date(epoch: row[at]))
    }
}
