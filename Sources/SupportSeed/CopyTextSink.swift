import Foundation
import SupportStore

/// One table's seeded rows as PostgreSQL's COPY text (tab between columns, newline after
/// a row, `\N` for NULL, backslash escapes), written into a buffer that is handed on
/// whenever it passes `flushBytes`: the generator never holds a whole chunk's text, and
/// the receiver can send one buffer while the next is being written.
final class CopyTextSink: SeedRowSink {
    private enum Field {
        case null
        case integer(Int64)
        case text(StaticText)
        case copied(Int, Int)                 // offset and length in `copiedBytes`
        case numbered(StaticText, Int64, Int) // prefix, number, digits
    }

    private var fields: [Field]
    private var copiedBytes: [UInt8] = []
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    private let flushBytes: Int
    /// Receives the buffer's bytes, valid only during the call.
    var onFull: (UnsafeRawBufferPointer) throws -> Void = { _ in }
    private(set) var rows = 0

    init(columns: Int, flushBytes: Int = 1 << 20) {
        fields = Array(repeating: .null, count: columns + 1)
        self.flushBytes = flushBytes
        capacity = flushBytes + 64 * 1024
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    @inline(__always) func bind(_ index: Int32, _ value: Int64) { fields[Int(index)] = .integer(value) }
    @inline(__always) func bind(_ index: Int32, _ text: StaticText) { fields[Int(index)] = .text(text) }
    @inline(__always) func bindNull(_ index: Int32) { fields[Int(index)] = .null }

    func bind(_ index: Int32, copying text: String) {
        let offset = copiedBytes.count
        copiedBytes.append(contentsOf: text.utf8)
        fields[Int(index)] = .copied(offset, copiedBytes.count - offset)
    }

    func bind(_ index: Int32, prefix: StaticText, number: Int64, digits: Int) {
        fields[Int(index)] = .numbered(prefix, number, digits)
    }

    func step() throws {
        for i in 1..<fields.count {
            if i > 1 { put(9) }
            switch fields[i] {
            case .null: put(92); put(78)   // \N
            case .integer(let v): putNumber(v, digits: 1)
            case .text(let t): putEscaped(UnsafeRawPointer(t.pointer).assumingMemoryBound(to: UInt8.self), Int(t.length))
            case .copied(let offset, let length):
                copiedBytes.withUnsafeBufferPointer { putEscaped($0.baseAddress! + offset, length) }
            case .numbered(let prefix, let number, let digits):
                putEscaped(UnsafeRawPointer(prefix.pointer).assumingMemoryBound(to: UInt8.self), Int(prefix.length))
                putNumber(number, digits: digits)
            }
        }
        put(10)
        copiedBytes.removeAll(keepingCapacity: true)
        rows += 1
        if count >= flushBytes { try flush() }
    }

    /// Hands on what is buffered (also at the end of a table).
    func flush() throws {
        guard count > 0 else { return }
        let bytes = UnsafeRawBufferPointer(start: base, count: count)
        count = 0
        try onFull(bytes)
    }

    @inline(__always) private func reserve(_ n: Int) {
        guard count + n > capacity else { return }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: max(capacity * 2, count + n))
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = max(capacity * 2, count + n)
    }

    @inline(__always) private func put(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    /// Decimal, zero-padded to `digits`.
    @inline(__always) private func putNumber(_ value: Int64, digits: Int) {
        reserve(24)
        var v = value
        if v < 0 { base[count] = 45; count += 1; v = -v }   // the seed writes no negative numbers; kept correct anyway
        var width = 1
        var probe = v / 10
        while probe > 0 { width += 1; probe /= 10 }
        width = max(width, digits)
        var i = count + width - 1
        while i >= count { base[i] = UInt8(48 + v % 10); v /= 10; i -= 1 }
        count += width
    }

    /// Text with COPY's four special characters escaped.
    @inline(__always) private func putEscaped(_ p: UnsafePointer<UInt8>, _ length: Int) {
        reserve(2 * length)
        for i in 0..<length {
            let b = p[i]
            switch b {
            case 92: base[count] = 92; base[count + 1] = 92; count += 2
            case 9: base[count] = 92; base[count + 1] = 116; count += 2
            case 10: base[count] = 92; base[count + 1] = 110; count += 2
            case 13: base[count] = 92; base[count + 1] = 114; count += 2
            default: base[count] = b; count += 1
            }
        }
    }
}
