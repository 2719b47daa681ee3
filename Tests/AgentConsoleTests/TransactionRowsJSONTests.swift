import Foundation
import SupportAPI
import SupportCore
import Testing

/// The service writes a page of transactions by hand (`TransactionRowsJSON`); a client
/// decodes it with `JSONDecoder` and other clients read the documented JSON, so the bytes
/// must be the encoder's own, and a row the writer cannot match must go to the encoder.
@Suite struct TransactionRowsJSONTests {
    static func row(_ id: Int64, counterparty: String = "Toko Sinar Jaya", failure: String? = nil,
                    at: Date = Date(timeIntervalSince1970: 1_790_787_600), flagged: Bool = false) -> Transaction {
        Transaction(id: id, reference: "TX\(id)", customerId: 12, type: id % 2 == 0 ? .payment : .qrPayment,
                    status: failure == nil ? .success : .failed, amount: 1_234_500 + id, currency: "IDR",
                    counterparty: counterparty, channel: "app/qr", failureCode: failure, at: at, flagged: flagged)
    }

    @Test func aPageIsWrittenAsTheEncoderWritesIt() throws {
        // Dates across eras and leap days, every field, nil and present failure codes, text
        // beyond ASCII (Indonesian, Chinese, emoji) and slashes.
        let dates = [0, 951_782_400, 1_709_164_800, 1_790_787_600, 4_102_444_799, -86_400, -2_208_988_800, 253_402_300_799]
            .map { Date(timeIntervalSince1970: TimeInterval($0)) }
        var rows: [Transaction] = []
        for (i, at) in dates.enumerated() {
            rows.append(Self.row(Int64(i), counterparty: ["Warung Bu Sri", "上海便利店", "Café 🍜 n°1", "a/b"][i % 4],
                                 failure: i % 3 == 0 ? "INSUFFICIENT_FUNDS" : nil, at: at, flagged: i % 2 == 1))
        }
        for page in [rows, [], Array(rows.prefix(1))] {
            let written = try #require(TransactionRowsJSON.encode(page))
            let encoded = try WireJSON.encoder().encode(page)
            #expect(written == encoded, "\(String(decoding: written, as: UTF8.self))\n\(String(decoding: encoded, as: UTF8.self))")
            #expect(try WireJSON.decoder().decode([Transaction].self, from: written) == page)
        }
    }

    /// What the writer leaves to the encoder: text JSON escapes or might (quotes, backslash,
    /// control characters, DEL, U+2028), fractions of a second, years past 9999: the
    /// service then sends the encoder's bytes.
    @Test func rowsItCannotMatchGoToTheEncoder() throws {
        let awkward = ["say \"hi\"", "back\\slash", "tab\there", "line\nbreak", "del\u{7F}", "sep\u{2028}x", "dash – x"]
        for text in awkward {
            #expect(TransactionRowsJSON.encode([Self.row(1), Self.row(2, counterparty: text)]) == nil, "\(text)")
        }
        #expect(TransactionRowsJSON.encode([Self.row(1, at: Date(timeIntervalSince1970: 1_790_787_600.5))]) == nil)
        #expect(TransactionRowsJSON.encode([Self.row(1, at: Date(timeIntervalSince1970: 253_402_300_800))]) == nil)
    }
}
