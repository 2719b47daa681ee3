import Foundation
import Testing

/// Each byte of a reply replaced by each of a set of hostile bytes, and the reply cut at every
/// length, for the service's hand readers (`TransactionRowsJSONReader`, `TicketSummaryRowsJSON`,
/// `TicketViewJSONReader`): whatever `mine` reads must be what `decoder` reads, and nothing
/// where it refuses. Returns how many damaged replies `mine` read (some must: a digit for a
/// digit, text for text).
enum DamagedBytes {
    static let replacements: [UInt8] = [0x00, 0x09, 0x20, 0x22, 0x2C, 0x2D, 0x2E, 0x30, 0x39, 0x3A, 0x5C, 0x65, 0x7D, 0x5D,
                                        0x7F, 0x80, 0xC3, 0xE2, 0xFF]

    static func readAsTheDecoder<Value: Equatable>(_ bytes: [UInt8], mine: (Data) -> Value?, decoder: (Data) -> Value?) -> Int {
        var read = 0
        func check(_ damaged: [UInt8]) {
            let data = Data(damaged)
            if let value = mine(data) {
                read += 1
                #expect(value == decoder(data), "\(String(decoding: damaged, as: UTF8.self))")
            }
        }
        for index in bytes.indices {
            for byte in replacements where byte != bytes[index] {
                var damaged = bytes
                damaged[index] = byte
                check(damaged)
            }
            check(Array(bytes[..<index]))
        }
        return read
    }
}
