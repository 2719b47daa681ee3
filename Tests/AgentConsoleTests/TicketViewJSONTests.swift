import Foundation
import SupportAPI
import SupportCore
import SupportStore
import Testing

/// The ticket pane goes over the wire written and read by hand (`TicketViewJSON`,
/// `TicketViewJSONReader`): the bytes must be `WireJSON.encoder()`'s (the deliveries in id
/// order aside), `JSONDecoder` must read them as the same pane, the reader must read what
/// `JSONDecoder` reads, and whatever either cannot match must go to the encoder and the
/// decoder (`nil`), never be written or read otherwise.
@Suite struct TicketViewJSONTests {
    typealias Samples = TicketViewSamples

    /// Every ticket of the demo, with someone else on one, a link, and a reply waiting (two
    /// on one ticket), read as the console reads it.
    @Test func everyTicketOfTheDemoGoesAsTheEncoderWritesIt() throws {
        let (_, budi, numbers, owned) = try Samples.demoWithPaneParts()
        try budi.reply(ticket: owned, body: "Kami sedang memeriksa transaksi Anda.\n\"Terima kasih\" – tim 支付")
        try budi.reply(ticket: owned, body: "Dana sudah kembali.")
        var seen = (complaints: 0, twoDeliveries: 0, links: 0, presence: 0, escapes: 0)
        for number in numbers {
            let view = try budi.ticketView(number: number)
            let written = try #require(TicketViewJSON.encode(view), "#\(number)")
            let encoded = try WireJSON.encoder().encode(view)
            if view.deliveries.count <= 1 {
                #expect(written == encoded, "#\(number)\n\(String(decoding: written, as: UTF8.self))\n\(String(decoding: encoded, as: UTF8.self))")
            }
            #expect(Samples.decoded(written) == view, "#\(number)")
            #expect(TicketViewJSONReader.decode(written) == view, "#\(number)")
            #expect(TicketViewJSONReader.decode(encoded) == view, "#\(number)")
            if view.complaint != nil { seen.complaints += 1 }
            if view.deliveries.count > 1 { seen.twoDeliveries += 1 }
            if !view.links.isEmpty { seen.links += 1 }
            if !view.presence.isEmpty { seen.presence += 1 }
            if written.contains(UInt8(ascii: "\\")) { seen.escapes += 1 }
        }
        #expect(numbers.count > 100 && seen.complaints > 0 && seen.twoDeliveries >= 1 && seen.links > 0 && seen.presence == 1
                && seen.escapes > 0, "\(numbers.count) tickets, \(seen)")
    }

    /// Hostile text in every text field, and the pane with nothing optional at all.
    @Test func hostileTextIsWrittenAsTheEncoderEscapesIt() throws {
        var bare = Samples.full("x")
        bare.assignee = nil; bare.complaint = nil; bare.deliveries = [:]; bare.events = []; bare.clocks = []
        bare.links = []; bare.presence = []; bare.ticket.tags = []; bare.ticket.assigneeId = nil; bare.ticket.updatedBy = nil
        bare.ticket.firstResponseAt = nil; bare.ticket.solvedAt = nil; bare.ticket.mergedInto = nil; bare.hasEarlier = nil
        var whole = Samples.full("y")
        whole.hasEarlier = false
        for view in Samples.hostile.map({ Samples.full($0) }) + [bare, whole] {
            let written = try #require(TicketViewJSON.encode(view))
            let encoded = try WireJSON.encoder().encode(view)
            #expect(written == encoded, "\(String(decoding: written, as: UTF8.self))\n\(String(decoding: encoded, as: UTF8.self))")
            #expect(Samples.decoded(written) == view)
            #expect(TicketViewJSONReader.decode(written) == view, "\(view.ticket.subject.debugDescription)")
        }
    }

    /// The deliveries go in id order, as `[id, status, …]` pairs: `JSONDecoder` reads the
    /// dictionary the encoder would have sent, whatever order the encoder chose.
    @Test func deliveriesGoInIdOrder() throws {
        var view = Samples.full("x")
        let status = try #require(view.deliveries[101])
        view.deliveries = [300: status, 2: status, 10: status, -4: status]
        let written = String(decoding: try #require(TicketViewJSON.encode(view)), as: UTF8.self)
        #expect(written.contains(#""deliveries":[-4,{"#) && written.contains(#"},2,{"#) && written.contains(#"},10,{"#)
                && written.contains(#"},300,{"#), "\(written)")
        #expect(Samples.decoded(Data(written.utf8)) == view)
        #expect(TicketViewJSONReader.decode(Data(written.utf8)) == view)
        #expect(TicketViewJSONReader.decode(try WireJSON.encoder().encode(view)) == view)
    }

    /// Presence carries the service's clock, fractions of a second included: written as
    /// the encoder writes them (the fraction dropped). Within a millisecond of a whole
    /// second, or past year 9999, the pane goes to the encoder.
    @Test func datesWithFractionsAreWrittenAsTheEncoderWritesThem() throws {
        let store = try SupportStore(path: HeadlessConsole.demoPath(), clock: { HeadlessConsole.now })
        try store.generateDemo(seed: 42)
        let number = try #require(try store.reading { db in try db.fetchValues("SELECT MIN(number) FROM tickets", [], as: Int64.self) }.first)
        let book = PresenceBook(clock: { HeadlessConsole.now.addingTimeInterval(0.731) })
        _ = book.set(login: "dewi", ticket: number, state: .viewing)
        let view = try TicketViewRequest(number: number).run(store: store, actor: try #require(try store.agent(login: "budi")), presence: book)
        #expect(view.presence.count == 1)
        let written = try #require(TicketViewJSON.encode(view))
        #expect(written == (try WireJSON.encoder().encode(view)))
        #expect(TicketViewJSONReader.decode(written) == Samples.decoded(written))
        #expect(TicketViewJSONReader.decode(written)?.presence.first?.since == HeadlessConsole.now)

        for seconds in [1_795_575_600.000_1, 1_795_575_600.999_5, -2_208_988_799.999_9, 253_402_300_800, 1e12] {
            var late = Samples.full("x")
            late.events[3].at = Date(timeIntervalSince1970: seconds)
            #expect(TicketViewJSON.encode(late) == nil, "\(seconds)")
        }
        for seconds in [1_795_575_600.001_5, 1_795_575_600.998, -2_208_988_799.5, 0.25] {
            var fraction = Samples.full("x")
            fraction.ticket.updatedAt = Date(timeIntervalSince1970: seconds)
            #expect(TicketViewJSON.encode(fraction) == (try WireJSON.encoder().encode(fraction)), "\(seconds)")
        }
    }

    /// A field added to any part of the pane must be written and read too: these are the
    /// fields both know. (A new optional field would not show in the bytes' equality.)
    @Test func everyFieldOfThePaneIsOneTheWriterKnows() throws {
        func fields(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }
        let view = Samples.full("x")
        #expect(fields(view) == ["ticket", "assignee", "events", "clocks", "links", "presence", "complaint", "deliveries", "draft", "hasEarlier"])
        #expect(fields(try #require(view.draft)) == ["kind", "body", "updatedAt"])
        #expect(fields(view.ticket) == ["id", "number", "customerId", "subject", "category", "subcategory", "channel", "priority",
                                        "status", "assigneeId", "tags", "createdAt", "updatedAt", "updatedBy", "firstResponseAt",
                                        "solvedAt", "mergedInto", "version", "untriaged"])
        #expect(fields(view.events[0]) == ["id", "ticketId", "kind", "author", "body", "at"])
        #expect(fields(view.clocks[0]) == ["metric", "state", "targetMinutes", "due", "warningAt", "elapsedMinutes", "stoppedAt"])
        #expect(fields(view.links[0]) == ["from", "to", "kind"])
        #expect(fields(view.presence[0]) == ["login", "state", "since"])
        #expect(fields(try #require(view.deliveries[101])) == ["outboxId", "channel", "state", "attempts", "at", "messageId",
                                                               "lastError", "nextAttemptAt"])
    }

    /// Each byte of a pane's reply replaced by hostile bytes (among them bytes that are not
    /// UTF-8), and the reply cut at every length: what the reader returns is what the
    /// decoder returns, and nothing where it refuses.
    @Test func damagedBytesAreReadAsTheDecoderReadsThemOrNotAtAll() throws {
        var view = Samples.full("Saldo \"terpotong\"\n应用 🍜")
        view.events = Array(view.events.prefix(2))
        let bytes = Array(try #require(TicketViewJSON.encode(view)))
        #expect(bytes.count > 1_500)
        let read = DamagedBytes.readAsTheDecoder(bytes, mine: TicketViewJSONReader.decode, decoder: Samples.decoded)
        #expect(read > 300)
    }

    /// Bytes the reader must leave to the decoder: what the decoder reads otherwise than the
    /// reader would (nulls, duplicates, unknown keys, fractions, whitespace, dates before
    /// 1900), and what it refuses (lone surrogates, bytes that are not UTF-8).
    @Test func whatItDoesNotReadGoesToTheDecoder() throws {
        var view = Samples.full("body")
        view.deliveries[5] = view.deliveries[101]
        let text = String(decoding: try #require(TicketViewJSON.encode(view)), as: UTF8.self)
        func variant(_ from: String, _ to: String) -> Data {
            #expect(text.contains(from), "\(from) not in \(text)")
            guard let range = text.range(of: from) else { return Data() }
            return Data(text.replacingCharacters(in: range, with: to).utf8)
        }
        let left: [Data] = [
            variant("{\"assignee\"", "{\"assignee\":null,\"assignee\""), variant(",\"links\"", ",\"zz\":1,\"links\""),
            variant("\"deliveries\":[5,", "\"deliveries\":[101,"), variant("{\"at\"", "{ \"at\""),
            variant("\"body\":\"body\"", "\"body\":\"b\\ud800\""), variant("\"body\":\"body\"", "\"body\":\"b\\udc00\\ud800\""),
            variant(":00Z\",\"author\"", ":00.5Z\",\"author\""), variant("\"at\":\"2026-", "\"at\":\"1899-"),
            variant(",\"complaint\":{", ",\"complaint\":null,\"x\":{"), variant("\"kind\":\"link\"", "\"kind\":\"lin\\u006b\""),
            variant("\"version\":4", "\"version\":4.0"), variant(",\"clocks\":[", ",\"clocks\" :["),
            Data(text.utf8) + Data(" ".utf8), Data("null".utf8), Data("{}".utf8),
        ]
        for data in left {
            #expect(TicketViewJSONReader.decode(data) == nil, "\(String(decoding: data, as: UTF8.self))")
        }
        #expect(Samples.decoded(left[0]) != nil && Samples.decoded(left[1]) != nil && Samples.decoded(left[2]) != nil,
                "the decoder reads a null, an unknown key and an id twice")
        #expect(Samples.decoded(left[4]) == nil && Samples.decoded(left[5]) == nil, "the decoder refuses lone surrogates")

        // Bytes that are not UTF-8 in a body: neither reads the reply.
        for bad: [UInt8] in [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0xF4, 0x90, 0x80, 0x80]] {
            var bytes = Array(text.utf8)
            let at = try #require(text.utf8.firstRange(of: "\"body\":\"body\"".utf8)).lowerBound
            bytes.insert(contentsOf: bad, at: text.utf8.distance(from: text.utf8.startIndex, to: at) + 9)
            #expect(TicketViewJSONReader.decode(Data(bytes)) == nil && Samples.decoded(Data(bytes)) == nil, "\(bad)")
        }

        // Escapes any writer may use, the reader reads as the decoder does.
        for (from, to) in [("\"body\":\"body\"", "\"body\":\"\\u00E9\\u00e9\\/\\ud83c\\udf5c\\u0000\""),
                           ("\"author\":\"body\"", "\"author\":\"\\b\\f\\n\\r\\t\\\"\\\\\"")] {
            let data = variant(from, to)
            let read = try #require(TicketViewJSONReader.decode(data), "\(to)")
            #expect(read == Samples.decoded(data))
        }
    }
}
