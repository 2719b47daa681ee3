import Foundation
import SupportCore

/// One planted stolen-account story (or decoy) as rows to insert: 60 days of a
/// customer's ordinary life, then the event the story is about. Times are epoch seconds
/// relative to `now`. No SQL here: `StoryPlanter` writes these rows.
struct StoryScript {
    struct Login { var at: Int64; var device: Int; var place: String; var ip: String; var ok: Bool }
    struct Event { var kind: AccountEventKind; var at: Int64; var device: Int?; var place: String?; var ip: String?; var detail: String }
    struct Payment {
        var reference: String; var type: TransactionType; var amount: Int64; var counterparty: String; var at: Int64
        var failure: String? = nil
    }

    var kind: StoryKind
    var name: String
    var walletId: String
    var devices: [(model: String, platform: String)] = []
    var logins: [Login] = []
    var events: [Event] = []
    var sessions: [(at: Int64, device: Int)] = []
    var codes: [(at: Int64, used: Int64?)] = []
    var payments: [Payment] = []
    var truth: Int64?
    var fraud: [String] = []
    var subject = ""
    var body = ""
    var ticketAt: Int64 = 0

    static let homes = ["Jakarta Selatan", "Bandung", "Surabaya", "Yogyakarta", "雅加达", "泗水"]
    static let thiefPlaces = ["Medan", "Makassar", "Pontianak", "棉兰", "Batam"]
    static let trips = ["Singapore", "Kuala Lumpur", "新加坡", "Bangkok"]
    static let mules = ["Rudi Hartono", "陈小龙", "Joko Santoso", "CV Maju Jaya", "黄建国"]
    static let thiefBanks = ["BRI ****9921", "Mandiri ****0417", "BCA ****7730"]
    static let abroadShops = ["Changi Airport DFS", "7-Eleven Orchard", "Mustafa Centre", "Pavilion KL"]
    static let newPhones = [("iPhone 16", "ios"), ("Samsung Galaxy S24", "android"), ("Xiaomi 14", "android")]
    static let cycle: [StoryKind] = [.takeover, .simSwap, .takeover, .newPhone, .tripAbroad]

    static func make(index i: Int, now: Int64, rng: inout SplitMix64) -> StoryScript {
        let kind = cycle[i % cycle.count]
        let chinese = i % 2 == 1
        let name = chinese ? DemoContent.chineseNames[i % DemoContent.chineseNames.count]
            : DemoContent.givenNames[i % DemoContent.givenNames.count] + " " + DemoContent.familyNames[(i / 3) % DemoContent.familyNames.count]
        var s = StoryScript(kind: kind, name: name, walletId: String(format: "WLT-%08d", 90_000_000 + i * 13))
        let home = chinese ? homes[4 + i % 2] : homes[i % 4]
        let homeNet = ["114.124", "36.72", "182.253", "110.136"][i % 4]
        func ip(_ net: String) -> String { "\(net).\(Int.random(in: 0...255, using: &rng)).\(Int.random(in: 1...254, using: &rng))" }
        let model = DemoContent.deviceModels[i % DemoContent.deviceModels.count]
        s.devices = [(model.0, model.1)]
        let day: Int64 = 86_400
        // The moment the story turns: a few hours to three days ago.
        let turn = now - Int64(6 + (i * 7) % 66) * 3_600 - Int64.random(in: 0...3_000, using: &rng)
        var seq = 0
        func ref() -> String { seq += 1; return "ST\(s.walletId.suffix(8))-\(seq)" }

        // Ordinary life: a login every day or two from the one phone, at home.
        var t = turn - 60 * day
        while t < turn - 3_600 {
            s.logins.append(Login(at: t, device: 0, place: home, ip: ip(homeNet), ok: true))
            t += Int64.random(in: (day / 2)...(2 * day), using: &rng)
        }
        let usual = Array(DemoContent.merchants.prefix(6)) + Array(DemoContent.billers.prefix(2))
        let known = (0..<5).map { usual[(i + $0 * 3) % usual.count] }
        for _ in 0..<36 {
            s.payments.append(Payment(reference: ref(), type: .payment, amount: Int64.random(in: 20...400, using: &rng) * 100_000,
                                      counterparty: known.randomElement(using: &rng)!,
                                      at: turn - Int64.random(in: (2 * 3_600)...(59 * day), using: &rng)))
        }
        s.payments.append(Payment(reference: ref(), type: .topup, amount: 300_000_000, counterparty: "BCA Virtual Account",
                                  at: turn - 20 * day))

        switch kind {
        case .takeover, .simSwap:
            let thiefDevice = DemoContent.deviceModels[(i + 3) % DemoContent.deviceModels.count]
            s.devices.append((thiefDevice.0, thiefDevice.1))
            let thiefNet = ["103.47", "45.127", "202.152"][i % 3]
            let place = chinese ? "棉兰" : thiefPlaces[i % 3]
            if kind == .simSwap {
                s.events.append(Event(kind: .contactChanged, at: turn - 25 * 60, device: nil, place: home, ip: ip(thiefNet),
                                      detail: "phone moved to a new SIM"))
                s.codes.append((turn - 20 * 60, turn - 18 * 60))
                s.logins.append(Login(at: turn, device: 1, place: home, ip: ip(thiefNet), ok: true))
            } else if i % 5 == 2 {
                // The thief resets the password from their own phone, then logs in.
                s.events.append(Event(kind: .resetRequested, at: turn, device: 1, place: place, ip: ip(thiefNet), detail: "in the app"))
                s.events.append(Event(kind: .passwordChanged, at: turn + 180, device: 1, place: place, ip: ip(thiefNet), detail: ""))
                s.logins.append(Login(at: turn + 240, device: 1, place: place, ip: ip(thiefNet), ok: true))
            } else {
                s.logins.append(Login(at: turn - 36 * 60, device: 1, place: thiefPlaces[(i + 1) % thiefPlaces.count],
                                      ip: ip(thiefNet), ok: false))
                s.logins.append(Login(at: turn, device: 1, place: place, ip: ip(thiefNet), ok: true))
            }
            s.truth = turn
            s.sessions.append((turn + 300, 1))
            var at = turn + 5 * 60
            for n in 0..<(2 + i % 3) {
                let withdrawal = n == 1
                let p = Payment(reference: ref(), type: withdrawal ? .withdrawal : (n == 2 ? .qrPayment : .p2pOut),
                                amount: Int64.random(in: 15...60, using: &rng) * 10_000_000,
                                counterparty: withdrawal ? thiefBanks[i % thiefBanks.count] : (n == 2 ? "Toko Emas Sentosa" : mules[(i + n) % mules.count]),
                                at: at)
                s.payments.append(p)
                s.fraud.append(p.reference)
                at += Int64.random(in: 120...1_800, using: &rng)
            }
            if i % 6 == 0 {
                // A thief who shops where the customer shops, for the usual amount, is not caught.
                let p = Payment(reference: ref(), type: .payment, amount: 150_000 * 100, counterparty: known[0], at: at)
                s.payments.append(p)
                s.fraud.append(p.reference)
            }
            // The customer, unaware, pays a bill as usual; some also try a new shop.
            s.payments.append(Payment(reference: ref(), type: .billPayment, amount: 25_000_000, counterparty: known[1], at: turn + 2 * 3_600))
            if i % 4 == 1 {
                s.payments.append(Payment(reference: ref(), type: .qrPayment, amount: 4_500_000, counterparty: "Warung Bu Sri", at: turn + 3 * 3_600))
            }
            s.subject = chinese ? "账户被盗,有不是我做的交易" : "Akun saya dibobol, ada transaksi yang bukan saya"
            s.body = chinese ? "我的钱包里的钱被转走了,我没有做这些交易。" : "Saldo saya terkuras, saya tidak pernah melakukan transfer itu."
        case .newPhone:
            let phone = newPhones[i % newPhones.count]
            s.devices.append((phone.0, phone.1))
            s.codes.append((turn - 180, turn - 120))
            s.events.append(Event(kind: .deviceBound, at: turn, device: 1, place: home, ip: ip(homeNet), detail: "after an SMS code"))
            s.logins.append(Login(at: turn + 60, device: 1, place: home, ip: ip(homeNet), ok: true))
            s.sessions.append((turn + 60, 1))
            s.events.append(Event(kind: .deviceUnbound, at: turn + 600, device: 0, place: home, ip: ip(homeNet), detail: "old phone"))
            s.payments.append(Payment(reference: ref(), type: .payment, amount: 32_000_000, counterparty: known[2], at: turn + 3_600))
            s.subject = chinese ? "新手机登录提醒,是我本人" : "Notifikasi login dari HP baru"
            s.body = chinese ? "我换了新手机,收到了登录提醒,请确认账户安全。" : "Saya baru ganti HP dan dapat notifikasi login. Apakah akun saya aman?"
        case .tripAbroad:
            let place = trips[i % trips.count]
            s.logins.append(Login(at: turn - 120, device: 0, place: place, ip: ip("116.86"), ok: false))
            s.logins.append(Login(at: turn, device: 0, place: place, ip: ip("116.86"), ok: true))
            for n in 0..<3 {
                // The second shop's payment is the one the customer writes about: refused.
                s.payments.append(Payment(reference: ref(), type: .qrPayment, amount: Int64.random(in: 10...90, using: &rng) * 1_000_000,
                                          counterparty: abroadShops[(i + n) % abroadShops.count], at: turn + Int64(n + 1) * 3_000,
                                          failure: n == 1 ? "RISK_BLOCKED" : nil))
            }
            s.subject = chinese ? "出国旅行时付款被拒" : "Pembayaran di luar negeri ditolak"
            s.body = chinese ? "我在国外旅行,有一笔付款失败了。" : "Saya sedang di luar negeri dan satu pembayaran gagal."
        }
        // The customer wrote in this morning (its clocks are past, not "breaching within the
        // hour"), and never before what the text reports: the thief's last transfer, the new
        // phone's login, the refused payment.
        let reported: Int64 = switch kind {
        case .takeover, .simSwap: s.payments.filter { s.fraud.contains($0.reference) }.map(\.at).max() ?? turn
        case .newPhone: turn + 60
        case .tripAbroad: s.payments.first { $0.failure != nil }?.at ?? turn
        }
        s.ticketAt = max(now - 5 * 3_600 - Int64(i % 10) * 60, reported + 15 * 60 + Int64(i % 10) * 60)
        return s
    }
}
