import Foundation

/// A transaction after the compromise point that looks like someone else's doing,
/// with the reasons the agent sees beside it.
public struct SuspectTransaction: Sendable, Codable, Hashable {
    public var reference: String
    public var at: Date
    public var hits: [SignalHit]
    public var reasons: [String]
    public var score: Int
}

/// Pre-selects money that left after the compromise point: to counterparties the
/// customer never paid in the baseline, withdrawals, and amounts far above the usual.
/// Pure: the store hands it the two lists.
public struct SuspectSelector: Sendable {
    public var rules: DetectionRules

    public init(rules: DetectionRules = .defaults) { self.rules = rules }

    /// `baseline`: the customer's transactions in the `baseline_days` before the compromise;
    /// `after`: those from the compromise on. Returns suspects oldest first.
    public func select(after: [Transaction], baseline: [Transaction]) -> [SuspectTransaction] {
        let paid = baseline.filter(Self.movesMoneyOut)
        let known = Set(paid.map { Self.normalized($0.counterparty) })
        let usual = paid.count >= rules[.minBaselinePayments]
            ? Stats.median(paid.map { Int($0.amount) }).map { Int64($0) } : nil
        var result: [SuspectTransaction] = []
        for tx in after.sorted(by: { ($0.at, $0.id) < ($1.at, $1.id) }) where Self.movesMoneyOut(tx) {
            var hits: [SignalHit] = []
            var reasons: [String] = []
            func add(_ s: DetectionSignal, _ on: Bool, _ reason: @autoclosure () -> String) {
                guard on, rules.weight(s) > 0 else { return }
                hits.append(SignalHit(signal: s, weight: rules.weight(s)))
                reasons.append(reason())
            }
            add(.newCounterparty, !known.contains(Self.normalized(tx.counterparty)), "never paid \(tx.counterparty) before")
            add(.withdrawal, tx.type == .withdrawal, "withdrawal to \(tx.counterparty)")
            if let usual, usual > 0 {
                let factor = tx.amount / usual
                add(.largeAmount, factor >= Int64(rules[.largeAmountFactor]),
                    "\(factor)× the usual \(Money.format(usual, currency: tx.currency))")
            }
            let score = hits.reduce(0) { $0 + $1.weight }
            if !hits.isEmpty && score >= rules[.selectThreshold] {
                result.append(SuspectTransaction(reference: tx.reference, at: tx.at, hits: hits, reasons: reasons, score: score))
            }
        }
        return result
    }

    /// Money that left, or is on its way out; a failed payment moved nothing.
    static func movesMoneyOut(_ tx: Transaction) -> Bool {
        !tx.type.isCredit && (tx.status == .success || tx.status == .pending)
    }

    static func normalized(_ name: String) -> String {
        name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
