import Foundation
import SupportAPI
import SupportCore
import SupportStore
import Testing

/// Random ticket panes, every part and optional drawn at random, text from hostile pieces,
/// numbers over the whole range, dates from 1900 to 9999 some with fractions of a second:
/// the hand-written reply is the encoder's bytes (when at most one delivery leaves no
/// order to differ on), `JSONDecoder` reads it as it reads the encoder's, and the hand
/// reader reads both as `JSONDecoder` does.
@Suite struct TicketViewJSONPropertyTests {
    @Test func randomPanesGoAndComeBackAsThroughTheEncoderAndDecoder() throws {
        var random = RandomPanes(rng: SplitMix64(seed: 0x7D_2026))
        var compared = 0
        for round in 0..<2_000 {
            let view = random.pane()
            let encoded = try WireJSON.encoder().encode(view)
            let codable = try #require(TicketViewSamples.decoded(encoded))
            let written = try #require(TicketViewJSON.encode(view), "round \(round)")
            // Compared to Booleans first: a pane's printed value runs to pages.
            if view.deliveries.count <= 1 {
                let same = written == encoded
                #expect(same, "round \(round)\n\(String(decoding: written, as: UTF8.self))\n\(String(decoding: encoded, as: UTF8.self))")
                compared += 1
            }
            let decoderReadsIt = TicketViewSamples.decoded(written) == codable
            let readerReadsIt = TicketViewJSONReader.decode(written) == codable
            let readerReadsTheEncoders = TicketViewJSONReader.decode(encoded) == codable
            #expect(decoderReadsIt && readerReadsIt && readerReadsTheEncoders,
                    "round \(round): decoder \(decoderReadsIt), reader \(readerReadsIt), reader on the encoder's \(readerReadsTheEncoders)")
        }
        #expect(compared > 1_000)
    }
}

/// Draws ticket panes from a seeded generator, so a failing round can be drawn again.
struct RandomPanes {
    var rng: SplitMix64

    static let pieces: [String] = ["a", "Saldo", " ", "/", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1B}", "\u{1F}", "\u{7F}",
                                   "é", "e\u{301}", "应用", "🍜", "👨‍👩‍👧", "\u{2028}", "\u{202E}", "\u{FEFF}", "\u{FFFD}",
                                   "\u{10FFFF}", "\\u0041", "9", "-", "{", "]", ",", ":"]

    mutating func below(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
    mutating func chance(_ n: Int) -> Bool { below(n) == 0 }

    mutating func text() -> String {
        (0..<below(9)).map { _ in Self.pieces[below(Self.pieces.count)] }.joined()
    }

    /// Any Int64, the edges often.
    mutating func number() -> Int64 {
        switch below(6) {
        case 0: [Int64.min, Int64.max, 0, -1, 1][below(5)]
        case 1: Int64(below(2_000)) - 1_000
        default: Int64(bitPattern: rng.next())
        }
    }

    /// Whole seconds from 1900 through 9999, one in four with a fraction the writer keeps to.
    mutating func date() -> Date {
        let seconds = Double(Int64(below(255_611_289_600)) - 2_208_988_800)
        return Date(timeIntervalSince1970: chance(4) ? seconds + 0.01 + Double(below(970)) / 1_000 : seconds)
    }

    mutating func maybeDate() -> Date? { chance(2) ? date() : nil }
    mutating func maybeText() -> String? { chance(2) ? text() : nil }

    mutating func pane() -> TicketView {
        var ticket = Ticket(id: number(), number: number(), customerId: number(), subject: text(),
                            category: Category.allCases[below(Category.allCases.count)], subcategory: text(),
                            channel: Channel.allCases[below(Channel.allCases.count)],
                            priority: Priority.allCases[below(Priority.allCases.count)],
                            status: TicketStatus.allCases[below(TicketStatus.allCases.count)],
                            assigneeId: chance(2) ? number() : nil, tags: (0..<below(4)).map { _ in text() },
                            createdAt: date(), updatedAt: date(), updatedBy: maybeText(), firstResponseAt: maybeDate(),
                            solvedAt: maybeDate(), mergedInto: chance(3) ? number() : nil, version: number())
        ticket.untriaged = chance(2)
        var deliveries: [Int64: DeliveryStatus] = [:]
        for _ in 0..<[0, 0, 1, 1, 2, 4][below(6)] {
            deliveries[number()] = DeliveryStatus(outboxId: number(), channel: OutboxChannel.allCases[below(OutboxChannel.allCases.count)],
                                                  state: [.queued, .sent, .delivered, .failed, .discarded][below(5)],
                                                  attempts: Int(number()), at: maybeDate(), messageId: maybeText(),
                                                  lastError: maybeText(), nextAttemptAt: maybeDate())
        }
        return TicketView(
            ticket: ticket, assignee: maybeText(),
            events: (0..<[0, 1, 3, 12, 40][below(5)]).map { _ in
                TicketEvent(id: number(), ticketId: number(), kind: TicketEventKind.allCases[below(TicketEventKind.allCases.count)],
                            author: text(), body: text(), at: date())
            },
            clocks: (0..<below(3)).map { _ in
                TicketViewSamples.clock(SLAMetric.allCases[below(SLAMetric.allCases.count)], SLAState.allCases[below(SLAState.allCases.count)],
                                        due: date(), warningAt: date(), target: Int(number()), elapsed: Int(number()), stoppedAt: maybeDate())
            },
            links: (0..<below(3)).map { _ in
                TicketViewSamples.link(from: number(), to: number(), kind: TicketLinkKind.allCases[below(TicketLinkKind.allCases.count)])
            },
            presence: (0..<below(3)).map { _ in
                PresenceEntry(login: text(), state: chance(2) ? .viewing : .typing, since: date())
            },
            complaint: chance(4) ? complaint(ticket) : nil,
            deliveries: deliveries,
            draft: chance(2) ? Draft(kind: chance(2) ? "reply" : "note", body: text(), updatedAt: date()) : nil)
    }

    mutating func complaint(_ ticket: Ticket) -> ComplaintRecord {
        ComplaintRecord(ticketNumber: ticket.number, subject: text(), customerId: number(), statement: text(), expectedOutcome: text(),
                        level: ComplaintLevel.allCases[below(ComplaintLevel.allCases.count)], receivedAt: date(), openedAt: date(),
                        openedBy: text(), workingDays: Int(number()), dueAt: date(),
                        evidence: (0..<below(3)).map { i in
                            ComplaintEvidence(id: Int64(i), kind: EvidenceKind.allCases[below(EvidenceKind.allCases.count)],
                                              text: text(), addedBy: text(), addedAt: date())
                        },
                        decisions: (0..<below(2)).map { i in
                            ComplaintDecision(id: Int64(i), text: text(), level: .agent, decidedBy: text(), decidedAt: date())
                        },
                        outcome: maybeText(), accepted: chance(3) ? chance(2) : nil, closedAt: maybeDate(), closedBy: maybeText(),
                        calendar: chance(2) ? BusinessCalendar() : BusinessCalendar.always)
    }
}
