import Foundation
import GRDB
import SupportCore
import SupportStore

/// Counts rows as they are written and passes the count on every few thousand rows
/// (for the progress bar), so the hot loops do not call out per row.
final class RowCounter {
    var onRows: (Int) -> Void = { _ in }
    private var pending = 0

    @inline(__always) func add(_ n: Int = 1) {
        pending += n
        if pending >= 8_192 { flush() }
    }

    func flush() {
        if pending > 0 { onRows(pending) }
        pending = 0
    }
}

/// Writes customers (with devices and logins) and transactions, one chunk at a time,
/// through reused prepared statements. Everything is drawn from the chunk's own
/// generator, so a chunk written again after an interruption comes out the same.
final class SeedRows<Sink: SeedRowSink> {
    let options: SeedOptions
    let texts = SeedTexts()
    let transactionPicker: CustomerPicker
    let counter = RowCounter()

    let customer: Sink
    let device: Sink
    let login: Sink
    let transaction: Sink

    init(options: SeedOptions, customer: Sink, device: Sink, login: Sink, transaction: Sink) {
        self.options = options
        transactionPicker = CustomerPicker.transactions(options)
        self.customer = customer
        self.device = device
        self.login = login
        self.transaction = transaction
    }

    // MARK: customers, with their devices and logins

    /// Devices get ids of their own (3 per customer slot) so a chunk knows them without a query.
    func customers(_ range: Range<Int>, chunk: Int) throws {
        var rng = SplitMix64(seed: options.seed, phase: 1, chunk: chunk)
        let t = texts
        let day: Int64 = 86_400
        let users = ["budi", "siti", "wang", "li", "rina", "andi", "putri", "chen", "maya", "eko"]
        let domains = ["gmail.com", "yahoo.co.id", "example.com", "outlook.com"]
        for i in range {
            let id = Int64(i + 1)
            let status: CustomerStatus = i % 17 == 5 ? .frozen : (i % 29 == 13 ? .closed : .active)
            let kyc = [0, 1, 2, 2, 3, 3][rng.below(6)]
            customer.bind(1, id)
            customer.bind(2, prefix: t.walletPrefix, number: 10_000_000 + Int64(i) * 7, digits: 8)
            customer.bind(3, t.customerName(i, seed: options.seed))
            customer.bind(4, prefix: t.phonePrefix, number: rng.within(1_100_000_000...9_999_999_999), digits: 10)
            customer.bind(5, copying: "\(users[i % 10])\(i + 1)@\(domains[i % 4])")
            customer.bind(6, kyc)
            customer.bind(7, status == .active ? t.active : status == .frozen ? t.frozen : t.closed)
            customer.bind(8, status == .active ? nil : status == .frozen ? t.frozenReason : t.closedReason)
            customer.bind(9, status == .active ? nil : t.supervisor)
            if status == .active { customer.bindNull(10) } else { customer.bind(10, options.now - rng.within(3_600...(90 * day))) }
            customer.bind(11, rng.chance(1, in: 2))
            customer.bind(12, status == .closed ? 0 : rng.within(0...25_000_000) * 100)
            customer.bind(13, [Int64(2_000_000_00), 10_000_000_00, 20_000_000_00][kyc % 3])
            customer.bind(14, options.historyStart - rng.within(0...(500 * day)))
            try customer.step()
            counter.add()

            let devices = 1 + rng.below(3)
            for d in 0..<devices {
                let model = t.deviceModels[rng.below(t.deviceModels.count)]
                device.bind(1, id * 3 + Int64(d))
                device.bind(2, id)
                device.bind(3, model.model)
                device.bind(4, model.platform)
                device.bind(5, t.appVersions[rng.below(t.appVersions.count)])
                device.bind(6, d == 0)
                device.bind(7, options.now - rng.within(0...(20 * day)))
                try device.step()
            }
            let logins = 4 + rng.below(6)
            for _ in 0..<logins {
                login.bind(1, id)
                login.bind(2, id * 3 + Int64(rng.below(devices)))
                login.bind(3, options.now - rng.within(0...(30 * day)))
                login.bind(4, t.places[rng.below(t.places.count)])
                login.bind(5, copying: String(cString: t.ipPrefixes[rng.below(t.ipPrefixes.count)].pointer)
                          + "\(rng.below(256)).\(1 + rng.below(254))")
                login.bind(6, rng.below(10) > 1)
                try login.step()
            }
            counter.add(devices + logins)
        }
    }

    // MARK: transactions

    /// Transaction `k` (0-based) happens at a time that grows with `k`: ids follow time, as
    /// in a live system, so one customer's rows are scattered over the whole table.
    func transactions(_ range: Range<Int>, chunk: Int) throws {
        var rng = SplitMix64(seed: options.seed, phase: 2, chunk: chunk)
        let t = texts
        let n = Int64(max(1, options.transactions))
        let span = options.historyDays * 86_400 - 600
        // Cumulative weights over TransactionType.allCases:
        // topup, payment, qr_payment, p2p_in, p2p_out, withdrawal, refund, cashback, bill_payment.
        let weights = [14, 22, 22, 8, 10, 5, 4, 6, 9]
        var cumulative: [Int] = []
        var sum = 0
        for w in weights { sum += w; cumulative.append(sum) }
        let topupAmounts: [Int64] = [50_000, 100_000, 200_000, 500_000, 1_000_000]
        for k in range {
            let roll = rng.below(sum)
            var type = 0
            while cumulative[type] <= roll { type += 1 }
            let statusRoll = rng.below(100)
            let status = statusRoll < 80 ? 0 : statusRoll < 91 ? 1 : statusRoll < 97 ? 2 : 3   // success, failed, pending, reversed
            let customerIndex = transactionPicker.pick(&rng)
            let rupiah: Int64
            let counterparty: StaticText
            switch type {
            case 0: rupiah = topupAmounts[rng.below(5)]; counterparty = t.topupSources[rng.below(t.topupSources.count)]
            case 1: rupiah = rng.within(10...2_500) * 1_000; counterparty = t.merchants[rng.below(t.merchants.count)]
            case 2: rupiah = rng.within(5...300) * 500; counterparty = t.merchants[rng.below(t.merchants.count)]
            case 3, 4: rupiah = rng.within(10...2_000) * 1_000
                counterparty = t.customerName(rng.below(options.customers), seed: options.seed)
            case 5: rupiah = rng.within(100...5_000) * 1_000; counterparty = t.banks[rng.below(t.banks.count)]
            case 6: rupiah = rng.within(10...800) * 1_000; counterparty = t.merchants[rng.below(t.merchants.count)]
            case 7: rupiah = rng.within(1...50) * 500; counterparty = t.cashback
            default: rupiah = rng.within(20...1_500) * 1_000; counterparty = t.billers[rng.below(t.billers.count)]
            }
            let id = Int64(k + 1)
            transaction.bind(1, id)
            transaction.bind(2, prefix: t.referencePrefix, number: 5_000_000_000 + Int64(k), digits: 10)
            transaction.bind(3, Int64(customerIndex + 1))
            transaction.bind(4, t.types[type])
            transaction.bind(5, t.statuses[status])
            transaction.bind(6, rupiah * 100)
            transaction.bind(7, counterparty)
            transaction.bind(8, t.channels[type])
            transaction.bind(9, status == 1 ? t.failureCodes[rng.below(t.failureCodes.count)] : nil)
            transaction.bind(10, options.historyStart + Int64(k) * span / n + rng.within(0...59))
            transaction.bind(11, status == 0 && rng.below(60) == 0)
            try transaction.step()
            counter.add()
        }
    }
}

extension SeedRows where Sink == BulkStatement {
    /// The SQLite load: prepared INSERTs on the file being seeded.
    convenience init(_ db: Database, options: SeedOptions) throws {
        self.init(options: options,
                  customer: try BulkStatement(db, SeedColumns.insert("customers", SeedColumns.customers)),
                  device: try BulkStatement(db, SeedColumns.insert("devices", SeedColumns.devices)),
                  login: try BulkStatement(db, SeedColumns.insert("login_events", SeedColumns.loginEvents)),
                  transaction: try BulkStatement(db, SeedColumns.insert("transactions", SeedColumns.transactions)))
    }
}
