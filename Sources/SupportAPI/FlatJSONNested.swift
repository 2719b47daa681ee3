import Foundation

// Replies deeper than a page of flat rows (the ticket pane's `TicketView`): arrays inside
// objects, one object as the whole reply, dates the service stamped with its own clock,
// and a part left to the encoder and decoder inside a reply written by hand.

extension FlatJSONWriter {
    /// A JSON array of `elements`, each written by `element`; false when any cannot be.
    mutating func array<Element>(_ elements: [Element], _ element: (Element, inout FlatJSONWriter) -> Bool) -> Bool {
        out.append(UInt8(ascii: "["))
        for (index, item) in elements.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            guard element(item, &self) else { return false }
        }
        out.append(UInt8(ascii: "]"))
        return true
    }

    /// A date as `.iso8601` writes one with a fraction of a second too (presence is stamped
    /// with the service's clock): the fraction dropped, the second kept. Within a
    /// thousandth of a whole second the encoder's own arithmetic (from 2001, not 1970) may
    /// round up instead, so such a date is refused (false), as `date` refuses years past 9999.
    mutating func dateDroppingFraction(_ value: Date) -> Bool {
        let seconds = value.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let fraction = seconds - whole
        guard fraction == 0 || (0.001...0.999).contains(fraction) else { return false }
        return date(Date(timeIntervalSince1970: whole))
    }
}

extension FlatJSONReader {
    /// One JSON value read by `read` as the whole of `data`, nothing after it; nil otherwise.
    static func whole<Value>(_ data: Data, _ read: (inout FlatJSONReader) -> Value?) -> Value? {
        data.withUnsafeBytes { raw in
            var reader = FlatJSONReader(bytes: raw.bindMemory(to: UInt8.self))
            guard let value = read(&reader), reader.at == reader.bytes.count else { return nil }
            return value
        }
    }

    /// A JSON array whose elements `element` reads; nil when it is not one or any element fails.
    mutating func array<Element>(reserving capacity: Int = 0, _ element: (inout FlatJSONReader) -> Element?) -> [Element]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var elements: [Element] = []
        if take(UInt8(ascii: "]")) { return elements }
        elements.reserveCapacity(capacity)
        repeat {
            guard let item = element(&self) else { return nil }
            elements.append(item)
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? elements : nil
    }

    /// The bytes of the JSON value ahead, moved past, for `JSONDecoder` to read on its own:
    /// strings (escapes skipped whole), objects and arrays to their matching close, numbers
    /// and words as far as they run. No whitespace, as the encoder writes none. Nil when
    /// the bytes ahead are not one value by these rules, or nest deeper than 32.
    mutating func valueBytes() -> Data? {
        let start = at
        guard skipValue(depth: 0) else { return nil }
        return Data(UnsafeBufferPointer(rebasing: bytes[start..<at]))
    }

    private mutating func skipValue(depth: Int) -> Bool {
        guard at < bytes.count, depth < 32 else { return false }
        switch bytes[at] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = bytes[at] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            let object = close == UInt8(ascii: "}")
            at += 1
            if take(close) { return true }
            repeat {
                if object { guard skipString(), take(UInt8(ascii: ":")) else { return false } }
                guard skipValue(depth: depth + 1) else { return false }
            } while take(UInt8(ascii: ","))
            return take(close)
        case FlatJSONWriter.quote:
            return skipString()
        default:
            let start = at
            while at < bytes.count, Self.isNumberOrWordByte(bytes[at]) { at += 1 }
            return at > start
        }
    }

    private mutating func skipString() -> Bool {
        guard take(FlatJSONWriter.quote) else { return false }
        while at < bytes.count {
            switch bytes[at] {
            case FlatJSONWriter.quote: at += 1; return true
            case FlatJSONWriter.backslash: at += 2
            default: at += 1
            }
        }
        return false
    }

    /// What a number (`-12.5e+3`) or a word (`true`, `null`) is made of.
    private static func isNumberOrWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "E"): true
        default: false
        }
    }
}
