import Foundation

// libFuzzer target: the filter language (Sources/SupportCore/Query*.swift).
// Any input must parse or be refused with a position inside the input; completion must
// never crash wherever the cursor is. Built by Fuzz/build.sh together with SupportCore.

private let now = Date(timeIntervalSince1970: 1_795_575_600)
private let schemas: [QuerySchema] = [.tickets, .transactions, .transactions(currencyExponent: 0)]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQueryParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let length = input.count
    for schema in schemas {
        do {
            let query = try QueryParser.parse(input, schema: schema, now: now)
            for term in query.terms where term.range.lowerBound < 0 || term.range.upperBound > length {
                fatalError("term range \(term.range) outside the input of \(length) characters")
            }
        } catch {
            if error.position < 0 || error.position > length {
                fatalError("error position \(error.position) outside the input of \(length) characters")
            }
            _ = error.rendered(for: input)
        }
        for cursor in [0, length / 2, length] {
            _ = QueryCompletion.suggest(input: input, cursor: cursor, schema: schema, logins: ["sari", "budi"])
        }
    }
    return 0
}
