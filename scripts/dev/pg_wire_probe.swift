// scripts/dev/pg_wire_probe.swift: a measurement for issue 19, not part of paydesk's build.
// How long a transaction filter's first page takes through a blocking client, one that
// writes the PostgreSQL wire protocol (v3, extended query, binary results) on the socket
// from the waiting thread itself and decodes each DataRow's bytes straight into a record,
// against psql on the same page. Probe only: trust authentication over a Unix socket, the
// page's statement prepared once and then bound and run `RUNS` times; median printed.
//
//   swiftc -O scripts/dev/pg_wire_probe.swift -o /tmp/pg_wire_probe
//   /tmp/pg_wire_probe /tmp/pgp/.s.PGSQL.5561 300        # socket, runs [, sql with $1, customer]
//
import Foundation
import Glibc

struct Wire {
    let fd: Int32
    var inbox: [UInt8] = []
    var at = 0

    init(path: String, user: String, database: String) {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8)
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        let ok = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        precondition(ok == 0, "connect failed")
        var body: [UInt8] = []
        body.int32(196_608)
        for (k, v) in [("user", user), ("database", database)] { body.cstring(k); body.cstring(v) }
        body.append(0)
        var message: [UInt8] = []
        message.int32(Int32(body.count + 4))
        message += body
        send(message)
        while true {
            let (type, payload) = next()
            if type == UInt8(ascii: "E") { fatalError("error: \(String(decoding: payload, as: UTF8.self))") }
            if type == UInt8(ascii: "Z") { break }
        }
    }

    func send(_ bytes: [UInt8]) {
        var sent = 0
        bytes.withUnsafeBytes { raw in
            while sent < raw.count { sent += Glibc.write(fd, raw.baseAddress! + sent, raw.count - sent) }
        }
    }

    mutating func fill() {
        if at > 0 { inbox.removeFirst(at); at = 0 }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, 65_536) }
        precondition(n > 0, "read failed")
        inbox += buffer[0..<n]
    }

    /// The next message's type and payload.
    mutating func next() -> (UInt8, ArraySlice<UInt8>) {
        while inbox.count - at < 5 { fill() }
        let length = Int(inbox.readInt32(at + 1))
        while inbox.count - at < length + 1 { fill() }
        let type = inbox[at]
        let payload = inbox[(at + 5)..<(at + 1 + length)]
        at += 1 + length
        return (type, payload)
    }
}

extension Array where Element == UInt8 {
    mutating func int32(_ v: Int32) { append(contentsOf: Swift.withUnsafeBytes(of: v.bigEndian, Array.init)) }
    mutating func int16(_ v: Int16) { append(contentsOf: Swift.withUnsafeBytes(of: v.bigEndian, Array.init)) }
    mutating func cstring(_ s: String) { append(contentsOf: s.utf8); append(0) }
    func readInt32(_ i: Int) -> Int32 { Int32(bitPattern: UInt32(self[i]) << 24 | UInt32(self[i + 1]) << 16 | UInt32(self[i + 2]) << 8 | UInt32(self[i + 3])) }
}

func message(_ type: Character, _ body: [UInt8]) -> [UInt8] {
    var m: [UInt8] = [UInt8(ascii: type.unicodeScalars.first!)]
    m.int32(Int32(body.count + 4))
    return m + body
}

struct Record {
    var id: Int64, reference: String, customerId: Int64, type: String, status: String, amount: Int64
    var currency: String, counterparty: String, channel: String, failureCode: String?, at: Int64, flagged: Int64
}

@inline(__always) func int64(_ p: ArraySlice<UInt8>, _ i: Int) -> Int64 {
    var v: UInt64 = 0
    for k in 0..<8 { v = v << 8 | UInt64(p[i + k]) }
    return Int64(bitPattern: v)
}

/// One DataRow to a record, by position: each cell's length then its bytes.
func record(_ p: ArraySlice<UInt8>) -> Record {
    var i = p.startIndex + 2
    func cell() -> (Int, Int)? {
        let n = Int(Int32(bitPattern: UInt32(p[i]) << 24 | UInt32(p[i + 1]) << 16 | UInt32(p[i + 2]) << 8 | UInt32(p[i + 3])))
        i += 4
        guard n >= 0 else { return nil }
        defer { i += n }
        return (i, n)
    }
    func text() -> String? { cell().map { String(decoding: p[$0.0..<($0.0 + $0.1)], as: UTF8.self) } }
    func big() -> Int64 { let (s, _) = cell()!; return int64(p, s) }
    func int() -> Int64 { let (s, _) = cell()!; return Int64(Int32(bitPattern: UInt32(p[s]) << 24 | UInt32(p[s + 1]) << 16 | UInt32(p[s + 2]) << 8 | UInt32(p[s + 3]))) }
    return Record(id: big(), reference: text()!, customerId: big(), type: text()!, status: text()!, amount: big(),
                  currency: text()!, counterparty: text()!, channel: text()!, failureCode: text(), at: big(), flagged: int())
}

let args = CommandLine.arguments
let socketPath = args.count > 1 ? args[1] : "/tmp/pgp/.s.PGSQL.5561"
let runs = args.count > 2 ? Int(args[2])! : 1000
let sql = args.count > 3 ? args[3] : "SELECT x.* FROM transactions x WHERE (x.customer_id = $1) AND ((x.type IN ('bill_payment')) AND (x.status IN ('failed'))) ORDER BY x.at DESC, x.id DESC LIMIT 100"
let customer: Int64 = args.count > 4 ? Int64(args[4])! : 12
var wire = Wire(path: socketPath, user: "postgres", database: "b10")

var parse: [UInt8] = []
parse.cstring("page"); parse.cstring(sql); parse.int16(1); parse.int32(20)
wire.send(message("P", parse) + message("S", []))
while true { let (t, p) = wire.next(); if t == UInt8(ascii: "E") { fatalError(String(decoding: p, as: UTF8.self)) }; if t == UInt8(ascii: "Z") { break } }

var bind: [UInt8] = []
bind.cstring(""); bind.cstring("page"); bind.int16(1); bind.int16(1); bind.int16(1); bind.int32(8)
bind.append(contentsOf: withUnsafeBytes(of: customer.bigEndian, Array.init))
bind.int16(1); bind.int16(1)
var execute: [UInt8] = []
execute.cstring(""); execute.int32(0)
let request = message("B", bind) + message("E", execute) + message("S", [])

func page(_ wire: inout Wire, decode: Bool) -> Int {
    wire.send(request)
    var rows = 0
    var records: [Record] = []
    records.reserveCapacity(100)
    while true {
        let (t, p) = wire.next()
        if t == UInt8(ascii: "D") { rows += 1; if decode { records.append(record(p)) } }
        else if t == UInt8(ascii: "E") { fatalError(String(decoding: p, as: UTF8.self)) }
        else if t == UInt8(ascii: "Z") { break }
    }
    return decode ? records.count : rows
}

func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }
for (name, decode) in [("page, rows undecoded", false), ("page, decoded to records", true)] {
    _ = page(&wire, decode: decode)
    var times: [Double] = []
    var n = 0
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        n = page(&wire, decode: decode)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    print(String(format: "%@: %d rows, median %.3f ms over %d runs", name, n, median(times), runs))
}
