import Foundation
import SupportCore

/// The customers' mail `paydesk-dev bench-channels` feeds to intake: what a support
/// mailbox holds, not one template repeated. Bodies and subjects come in UTF-8
/// (quoted-printable and base64), ISO-8859-1, Windows-1252 and GB2312, some multipart with
/// an HTML part; about a third answer an earlier mail of the same folder by In-Reply-To and
/// References (so they must thread into its ticket), and some name a category by header.
struct BenchMailbox {
    struct Sender: Sendable { var email: String; var name: String; var walletId: String }

    /// One generated mail: its file name (files are read in name order, so a reply comes
    /// after the mail it answers), bytes, Message-ID, the Message-ID it answers, its sender
    /// (an index into the senders) and its subject before any "Re: ".
    struct Mail { var name: String; var data: Data; var messageId: String; var parent: String?; var sender: Int; var subject: String }

    /// `count` mails from `senders` (at random, or each in turn), Message-IDs unique to
    /// `tag`, dated over the hour before `now` (intake refuses mail older than its window).
    static func make(count: Int, senders: [Sender], tag: String, now: Date, seed: UInt64, replies: Bool = true,
                     inTurn: Bool = false) -> [Mail] {
        var random = SplitMix64(seed: seed)
        let dates = DateFormatter()
        dates.locale = Locale(identifier: "en_US_POSIX")
        dates.timeZone = TimeZone(identifier: "Asia/Jakarta")
        dates.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        var mails: [Mail] = []
        mails.reserveCapacity(count)
        for i in 0..<count {
            // A third answer an earlier mail of the folder, from that mail's sender.
            let parent = replies && !mails.isEmpty && random.next() % 3 == 0 ? mails[Int(random.next() % UInt64(mails.count))] : nil
            let who = parent?.sender ?? (inTurn ? i % senders.count : Int(random.next() % UInt64(senders.count)))
            let subject = parent?.subject ?? Self.subjects[Int(random.next() % UInt64(Self.subjects.count))]
            let at = now.addingTimeInterval(-3_660 + 3_600 * Double(i) / Double(max(count, 1)))
            let messageId = "bench.\(tag).\(i)@mail.example"
            let data = Self.render(style: Int(random.next() % 5), from: senders[who], subject: parent == nil ? subject : "Re: " + subject,
                                   messageId: messageId, parent: parent?.messageId, date: dates.string(from: at),
                                   category: parent == nil && random.next() % 7 == 0 ? "technical" : nil, serial: i)
            mails.append(Mail(name: String(format: "%06d.eml", i), data: data, messageId: messageId, parent: parent?.messageId,
                              sender: who, subject: subject))
        }
        return mails
    }

    /// Writes the mails into `folder` (created), one `.eml` file each.
    static func write(_ mails: [Mail], to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for mail in mails {
            try mail.data.write(to: URL(fileURLWithPath: folder).appendingPathComponent(mail.name))
        }
    }

    static let subjects = [
        "Saldo terpotong tapi pembayaran gagal", "Top-up belum masuk", "Refund belum diterima",
        "Payment failed at the merchant", "Transfer pending since this morning", "Tagihan listrik terbayar dua kali",
    ]

    static let bodies = [
        "Halo, saya sudah bayar Rp 150.000 di merchant tapi transaksinya gagal dan saldo saya sudah terpotong. Mohon dicek.",
        "Selamat pagi, top-up saya dari bank belum masuk sejak 2 jam yang lalu. Nomor referensi ada di bawah.",
        "Hello, my payment at the café failed twice but my balance went down both times. Please refund.",
        "Terima kasih atas bantuannya, tapi masalahnya belum selesai. Saldo saya masih kurang.",
    ]

    /// The GB2312 bytes of 支付失败 and of a Chinese complaint body.
    static let gbSubject: [UInt8] = [0xd6, 0xa7, 0xb8, 0xb6, 0xca, 0xa7, 0xb0, 0xdc]
    static let gbBody = "ced2b5c4b8b6bfeecaa7b0dcc1cba3acc7aed2d1beadbfdbc1cbb5abcac7c9ccbcd2c3bbd3d0cad5b5bda1a3c7ebb0efc3a6b2e9d2bbcfc2a1a3"

    static func render(style: Int, from: Sender, subject: String, messageId: String, parent: String?, date: String,
                       category: String?, serial: Int) -> Data {
        var head = "Return-Path: <\(from.email)>\r\nFrom: \(encodedName(from.name, style)) <\(from.email)>\r\n"
        head += "To: Wallet Support <support@wallet.example>\r\nDate: \(date)\r\nMessage-ID: <\(messageId)>\r\n"
        if let parent { head += "In-Reply-To: <\(parent)>\r\nReferences: <\(parent)>\r\n" }
        if let category { head += "X-Paydesk-Category: \(category)\r\n" }
        head += "MIME-Version: 1.0\r\n"
        let text = bodies[serial % bodies.count] + "\r\nRef: TX\(100_000 + serial)\r\n"
        var body = Data()
        switch style {
        case 0:   // UTF-8, quoted-printable, RFC 2047 Q subject
            head += "Subject: =?utf-8?Q?\(qEncode(subject))?=\r\nContent-Type: text/plain; charset=utf-8\r\n"
            head += "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
            body = Data(qpEncode(text + "Terkirim dari ponsel saya 📱").utf8)
        case 1:   // ISO-8859-1, 8bit
            head += "Subject: =?iso-8859-1?Q?\(qEncode(subject, latin1: true))?=\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
            head += "Content-Transfer-Encoding: 8bit\r\n\r\n"
            body = (text + "Grüße, José").data(using: .isoLatin1) ?? Data(text.utf8)
        case 2:   // Windows-1252: curly quotes and the euro sign
            head += "Subject: \(subject)\r\nContent-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            body = Data(text.utf8)
            body.append(contentsOf: [0x93, 0x54, 0x6f, 0x6c, 0x6f, 0x6e, 0x67, 0x94, 0x20, 0x80, 0x35, 0x0d, 0x0a])
        case 3:   // multipart/alternative, base64 text and an HTML part
            let boundary = "=_bench_\(serial)"
            head += "Subject: =?utf-8?B?\(Data(subject.utf8).base64EncodedString())?=\r\n"
            head += "Content-Type: multipart/alternative; boundary=\"\(boundary)\"\r\n\r\n"
            let part = "--\(boundary)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Data(text.utf8).base64EncodedString(options: .lineLength76Characters) + "\r\n"
                + "--\(boundary)\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>"
                + text.replacingOccurrences(of: "\r\n", with: "<br>") + "</p></body></html>\r\n--\(boundary)--\r\n"
            body = Data(part.utf8)
        default:  // GB2312, base64 body and B subject
            let gbSubjectText = parent == nil ? "=?gb2312?B?\(Data(gbSubject).base64EncodedString())?=" : "Re: " + subject
            head += "Subject: \(gbSubjectText)\r\nContent-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            var gb = Data(hexBytes(gbBody))
            gb.append(Data("\r\nRef: TX\(100_000 + serial)\r\n".utf8))
            body = Data(gb.base64EncodedString(options: .lineLength76Characters).utf8)
        }
        var data = Data(head.utf8)
        data.append(body)
        return data
    }

    static func encodedName(_ name: String, _ style: Int) -> String {
        style % 2 == 0 ? "=?utf-8?Q?\(qEncode(name))?=" : "\"\(name)\""
    }

    /// RFC 2047 Q encoding of `text` (its UTF-8 or Latin-1 bytes).
    static func qEncode(_ text: String, latin1: Bool = false) -> String {
        let bytes = latin1 ? [UInt8](text.data(using: .isoLatin1) ?? Data(text.utf8)) : Array(text.utf8)
        return bytes.map { b in
            if b == 0x20 { return "_" }
            if (0x30...0x39).contains(b) || (0x41...0x5a).contains(b) || (0x61...0x7a).contains(b) { return String(UnicodeScalar(b)) }
            return String(format: "=%02X", b)
        }.joined()
    }

    /// Quoted-printable (RFC 2045) with soft breaks before 76 columns.
    static func qpEncode(_ text: String) -> String {
        var out = "", column = 0
        for b in text.utf8 {
            let piece = b == 0x0d || b == 0x0a ? String(UnicodeScalar(b))
                : (b >= 0x21 && b <= 0x7e && b != 0x3d) || b == 0x20 ? String(UnicodeScalar(b)) : String(format: "=%02X", b)
            if b == 0x0a { column = 0; out += piece; continue }
            if column + piece.count > 75 { out += "=\r\n"; column = 0 }
            out += piece
            column += piece.count
        }
        return out
    }

    static func hexBytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = [], chars = Array(hex.utf8)
        var i = 0
        while i + 1 < chars.count {
            bytes.append(UInt8(String(decoding: chars[i...i + 1], as: UTF8.self), radix: 16) ?? 0x3f)
            i += 2
        }
        return bytes
    }
}
