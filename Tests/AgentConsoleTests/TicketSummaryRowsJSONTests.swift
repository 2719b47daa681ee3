import Foundation
import SupportAPI
import SupportCore
import SupportStore
import Testing

/// A queue page goes over the wire written and read by hand (`TicketSummaryRowsJSON`): the
/// bytes must be `WireJSON.encoder()`'s, what is read must be what `JSONDecoder` reads, and
/// whatever either cannot match — text JSON escapes, fractions of a second, damaged bytes —
/// must go to the encoder and the decoder (`nil`), never be written or read otherwise.
@Suite struct TicketSummaryRowsJSONTests {
    static func decoded(_ data: Data) -> [TicketSummary]? { try? WireJSON.decoder().decode([TicketSummary].self, from: data) }

    /// Every category, channel, priority and status; owners and deadlines present and
    /// absent; names and subjects beyond ASCII; dates across eras and leap days (the latest
    /// a day before year 10000 ends, deadlines included).
    static var rows: [TicketSummary] {
        let dates: [TimeInterval] = [0, 951_782_400, 1_709_164_800, 1_790_787_600, 4_102_444_799, -86_400, -2_208_988_800,
                                     253_402_000_000, 1_582_934_400, 68_169_600, 1_795_575_600]
        let texts = ["Saldo tidak masuk", "应用更新失败，一直闪退", "Café 🍜 n°1", "a/b", "del\u{7F}x", "Y**** A***", "", "sep\u{2028}x"]
        return dates.enumerated().map { i, seconds in
            let at = Date(timeIntervalSince1970: seconds)
            return TicketSummary(id: Int64(i) * 1_000_003 - 5, number: 1_000 + Int64(i), subject: texts[i % texts.count],
                                 category: Category.allCases[i % Category.allCases.count],
                                 channel: Channel.allCases[i % Channel.allCases.count],
                                 priority: Priority.allCases[i % Priority.allCases.count],
                                 status: TicketStatus.allCases[i % TicketStatus.allCases.count],
                                 customerId: [12, 0, Int64.max, 7][i % 4], customerName: texts[(i + 3) % texts.count],
                                 assignee: i % 3 == 0 ? nil : ["budi", "sari", "王伟"][i % 3], createdAt: at,
                                 updatedAt: at.addingTimeInterval(3_600), slaDueAt: i % 4 == 1 ? nil : at.addingTimeInterval(86_400),
                                 slaWarnAt: i % 2 == 1 ? nil : at.addingTimeInterval(43_200), version: Int64(i % 5) + 1,
                                 untriaged: i % 2 == 0)
        }
    }

    @Test func aPageIsWrittenAndReadAsTheEncoderAndDecoderDo() throws {
        let plain = Self.rows.filter { row in ![row.subject, row.customerName].contains { $0.contains("\u{7F}") || $0.contains("\u{2028}") } }
        for page in [plain, [], Array(plain.prefix(1))] {
            let written = try #require(TicketSummaryRowsJSON.encode(page))
            let encoded = try WireJSON.encoder().encode(page)
            #expect(written == encoded, "\(String(decoding: written, as: UTF8.self))\n\(String(decoding: encoded, as: UTF8.self))")
            #expect(TicketSummaryRowsJSON.decode(written) == page)
        }
        // The reader takes what the encoder writes, text the writer leaves to it included.
        let all = try WireJSON.encoder().encode(Self.rows)
        let decoded = try #require(TicketSummaryRowsJSON.decode(all))
        #expect(decoded == Self.decoded(all))
        #expect(TicketSummaryRowsJSON.encode(Self.rows) == nil, "DEL and U+2028 are left to the encoder")
    }

    /// The demo's queue pages, every view, as the service sends them.
    @Test func theDemosQueuePagesAreTheEncodersBytes() throws {
        let store = try SupportStore(path: HeadlessConsole.demoPath(), clock: { HeadlessConsole.now })
        try store.generateDemo(seed: 42)
        let sari = try #require(try store.agent(login: "sari"))
        var rows = 0
        for view in QueueView.allCases {
            let page = try store.queuePage(QueueSpec(view: view, actor: sari), limit: 150)
            let encoded = try WireJSON.encoder().encode(page)
            #expect(TicketSummaryRowsJSON.encode(page) == encoded, "\(view)")
            #expect(TicketSummaryRowsJSON.decode(encoded) == page, "\(view)")
            rows += page.count
        }
        #expect(rows > 100)
    }

    /// Each byte of a page replaced by hostile bytes, and the page cut at every length:
    /// what the reader returns is what the decoder returns, and nothing where it refuses.
    @Test func damagedBytesAreReadAsTheDecoderReadsThemOrNotAtAll() throws {
        let bytes = Array(try WireJSON.encoder().encode(Array(Self.rows.prefix(3))))
        let read = DamagedBytes.readAsTheDecoder(bytes, mine: TicketSummaryRowsJSON.decode, decoder: Self.decoded)
        #expect(read > 100)
        // An owner written as null: the decoder reads nil; the reader leaves it.
        let text = String(decoding: try WireJSON.encoder().encode([Self.rows[0]]), as: UTF8.self)
        #expect(text.hasPrefix("[{\"category\""))
        #expect(TicketSummaryRowsJSON.decode(Data(text.replacingOccurrences(of: "{\"category\"", with: "{\"assignee\":null,\"category\"").utf8)) == nil)
    }
}
