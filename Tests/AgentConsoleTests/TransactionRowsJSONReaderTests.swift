import Foundation
import SupportAPI
import SupportCore
import Testing

/// A client reads a page of transactions by hand (`TransactionRowsJSONReader`): what it
/// reads must be what `JSONDecoder` reads from the same bytes, and whatever it does not
/// read as `JSONDecoder` would — hostile or damaged bytes, escapes, other shapes — it must
/// leave to `JSONDecoder` (`nil`), never read differently or accept what the decoder refuses.
@Suite struct TransactionRowsJSONReaderTests {
    static func decoded(_ data: Data) -> [Transaction]? { try? WireJSON.decoder().decode([Transaction].self, from: data) }

    /// Rows over dates across eras and leap days, every field, failure codes present and
    /// absent, text beyond ASCII and every type and status.
    static var rows: [Transaction] {
        let dates: [TimeInterval] = [0, 951_782_400, 1_709_164_800, 1_790_787_600, 4_102_444_799, -86_400, -2_208_988_800,
                                     253_402_300_799, 1_582_934_400, 68_169_600]
        let texts = ["Warung Bu Sri", "上海便利店", "Café 🍜 n°1", "a/b", "del\u{7F}x", "dash – x", "sep\u{2028}x", ""]
        return dates.enumerated().map { i, seconds in
            let type = TransactionType.allCases[i % TransactionType.allCases.count]
            let status = TransactionStatus.allCases[i % TransactionStatus.allCases.count]
            return Transaction(id: Int64(i) * 1_000_003 - 5, reference: "TX\(i)", customerId: [12, 0, Int64.max, 7][i % 4],
                               type: type, status: status, amount: [0, 1, 1_234_500, Int64.max, -42][i % 5],
                               currency: "IDR", counterparty: texts[i % texts.count], channel: texts[(i + 3) % texts.count],
                               failureCode: i % 3 == 0 ? "INSUFFICIENT_FUNDS" : (i % 3 == 1 ? texts[i % texts.count] : nil),
                               at: Date(timeIntervalSince1970: seconds), flagged: i % 2 == 1)
        }
    }

    @Test func aPageReadsAsTheDecoderReadsIt() throws {
        let rows = Self.rows
        for page in [rows, [], Array(rows.prefix(1)), Array(rows.suffix(3))] {
            let encoded = try WireJSON.encoder().encode(page)
            let read = try #require(TransactionRowsJSONReader.decode(encoded), "\(String(decoding: encoded, as: UTF8.self))")
            #expect(read == page)
            #expect(read == Self.decoded(encoded))
            if let written = TransactionRowsJSON.encode(page) { #expect(TransactionRowsJSONReader.decode(written) == page) }
        }
    }

    /// Every date of a leap year and of the years around the calendar's edges, read as the
    /// decoder reads it.
    @Test func datesReadAsTheDecoderReadsThem() throws {
        var seconds: [TimeInterval] = []
        for start in [-2_208_988_800.0, 946_684_800, 1_767_225_600, 253_370_764_800] {
            for day in 0..<365 { seconds.append(start + Double(day) * 86_400 + Double(day * 3_607 % 86_400)) }
        }
        let page = seconds.enumerated().map { i, s in
            Transaction(id: Int64(i), reference: "R\(i)", customerId: 1, type: .payment, status: .success, amount: 1,
                        counterparty: "x", channel: "app", at: Date(timeIntervalSince1970: s))
        }
        let encoded = try WireJSON.encoder().encode(page)
        let read = try #require(TransactionRowsJSONReader.decode(encoded))
        #expect(read == Self.decoded(encoded))
        #expect(read.map(\.at) == page.map(\.at))
    }

    /// Bytes the reader must leave to the decoder: escapes, whitespace, other key orders,
    /// numbers JSON writes otherwise, impossible dates, unknown words, broken UTF-8.
    @Test func whatItDoesNotReadGoesToTheDecoder() throws {
        let good = try WireJSON.encoder().encode([Self.rows[1]])
        let text = String(decoding: good, as: UTF8.self)
        #expect(TransactionRowsJSONReader.decode(good) != nil)
        func variant(_ from: String, _ to: String) -> Data {
            #expect(text.contains(from), "\(from) not in \(text)")
            return Data(text.replacingOccurrences(of: from, with: to).utf8)
        }
        let hostile: [Data] = [
            variant("TX1", "T\\u0058\\\"1"), variant("TX1", "T\\\\X1"), variant("TX1", "T/\\/X1"),
            variant("{", "{ "), variant("[", "[\n"), variant("]", " ]"),
            variant("\"amount\":1", "\"amount\":1.0"), variant("\"amount\":1", "\"amount\":1e0"),
            variant("\"amount\":1", "\"amount\":01"), variant("\"amount\":1", "\"amount\":-0"),
            variant("\"amount\":1", "\"amount\":99999999999999999999"),
            variant("\"at\":\"", "\"at\":\"2026-02-29T00:00:00Z\",\"x\":\""),
            variant("\"flagged\":true", "\"flagged\":1"), variant("\"flagged\":true", "\"flagged\":tru"),
            variant("\"status\":\"failed\"", "\"status\":\"FAILED\""), variant("\"type\":\"payment\"", "\"type\":\"gift\""),
            variant("\"id\":", "\"id\" :"), variant(",\"id\":", ",\"zz\":0,\"id\":"),
            Data("[{}]".utf8), Data("[,]".utf8), Data("[]]".utf8), Data("".utf8), Data("null".utf8),
            Data(text.utf8) + Data(" ".utf8),
        ]
        for data in hostile {
            #expect(TransactionRowsJSONReader.decode(data) == nil, "\(String(decoding: data, as: UTF8.self))")
        }
        // A failure code written as null: the decoder reads nil; the reader leaves it.
        let withNull = variant("\"flagged\"", "\"failureCode\":null,\"flagged\"")
        #expect(TransactionRowsJSONReader.decode(withNull) == nil)
        // Broken UTF-8 inside a string.
        var broken = Array(good)
        let at = try #require(broken.firstIndex(of: UInt8(ascii: "X")))
        broken[at] = 0xC3
        #expect(TransactionRowsJSONReader.decode(Data(broken)) == nil)
    }

    /// Each byte of a page replaced by each of a set of hostile bytes, and the page cut at
    /// every length: whatever the reader returns is exactly what the decoder returns, and
    /// it returns nothing where the decoder refuses.
    @Test func damagedBytesAreReadAsTheDecoderReadsThemOrNotAtAll() throws {
        let bytes = Array(try WireJSON.encoder().encode(Array(Self.rows.prefix(3))))
        let read = DamagedBytes.readAsTheDecoder(bytes, mine: TransactionRowsJSONReader.decode, decoder: Self.decoded)
        // Some damage still reads (a digit for a digit, text for text): the comparison above ran.
        #expect(read > 100)
    }
}
