import Foundation

/// A signal that fired on one event, with the weight it added.
public struct SignalHit: Sendable, Codable, Hashable {
    public var signal: DetectionSignal
    public var weight: Int
}

/// An event that does not fit the customer's baseline, explained in one line. The
/// first one whose score reaches the mark threshold is the compromise point; the others
/// are shown as notes (a new phone, a trip) so the agent sees why they were not marked.
public struct ActivityFinding: Sendable, Codable, Hashable {
    public var key: TimelineKey
    public var at: Date
    public var hits: [SignalHit]
    public var score: Int
    public var threshold: Int
    public var line: String

    public var isCompromise: Bool { score >= threshold }
    /// "unseen device 3 + unseen place 1 = 4 ≥ 4": the arithmetic behind the mark.
    public var arithmetic: String {
        let terms = hits.map { "\($0.signal.rawValue.replacingOccurrences(of: "_", with: " ")) \($0.weight)" }
        return terms.joined(separator: " + ") + " = \(score) \(isCompromise ? "≥" : "<") \(threshold)"
    }
}

public struct CompromiseReport: Sendable, Codable, Hashable {
    public var compromise: ActivityFinding?
    /// Unusual events below the mark, oldest first.
    public var notes: [ActivityFinding]
}

/// Finds the first event that does not fit the customer's last `baseline_days`: pure,
/// over a time-ordered list of account events (transactions are ignored here).
public struct CompromiseDetector: Sendable {
    public var rules: DetectionRules

    public init(rules: DetectionRules = .defaults) { self.rules = rules }

    /// Kinds that can be the act of someone else getting in.
    static let candidates: Set<AccountEventKind> = [.loginOk, .deviceBound, .resetRequested, .passwordChanged, .twoFactorOff]

    /// `events` oldest first, starting `baseline_days` before `from`; only events at or
    /// after `from` can be marked, the earlier ones form the baseline.
    public func scan(_ events: [TimelineEntry], from: Date) -> CompromiseReport {
        let baseline = Int64(rules[.baselineDays]) * 86_400
        var devices: [Int64: Int64] = [:]
        var places: [String: Int64] = [:]
        var networks: [String: Int64] = [:]
        var logins: [Int64] = []                 // successful login times, for the baseline size
        var loginsInWindow = 0                   // index of the first login inside the baseline
        var failed: [TimelineEntry] = []         // recent failed logins
        var contactChange: TimelineEntry?
        var compromise: ActivityFinding?
        var notes: [ActivityFinding] = []
        let start = Int64(from.timeIntervalSince1970)

        for e in events where e.kind != .transaction {
            let t = e.key.at
            let horizon = t - baseline
            func seen(_ last: Int64?) -> Bool { last.map { $0 >= horizon } ?? false }
            if t >= start, Self.candidates.contains(e.kind) {
                // Events come oldest first, so the window's start only ever moves forward.
                while loginsInWindow < logins.count && logins[loginsInWindow] < horizon { loginsInWindow += 1 }
                let established = logins.count - loginsInWindow >= rules[.minBaselineLogins]
                let network = e.ip.map(TimelineEntry.network(of:))
                let newDevice = established && e.deviceId != nil && !seen(e.deviceId.flatMap { devices[$0] })
                let newPlace = established && e.place != nil && !seen(e.place.flatMap { places[$0] })
                let newNetwork = established && network != nil && !seen(network.flatMap { networks[$0] })
                var hits: [SignalHit] = []
                func add(_ s: DetectionSignal, _ on: Bool) {
                    if on, rules.weight(s) > 0 { hits.append(SignalHit(signal: s, weight: rules.weight(s))) }
                }
                add(.unseenDevice, newDevice)
                add(.unseenPlace, newPlace && e.kind != .twoFactorOff)
                add(.unseenNetwork, newNetwork && e.kind != .twoFactorOff)
                let failWindow = Int64(rules[.failedLoginMinutes]) * 60
                let strangeFail = failed.last { f in
                    f.key.at >= t - failWindow && (!seen(f.place.flatMap { places[$0] })
                        || !seen(f.ip.map(TimelineEntry.network(of:)).flatMap { networks[$0] }))
                }
                add(.failedLoginBefore, e.kind == .loginOk && established && strangeFail != nil)
                let change = contactChange.flatMap { $0.key.at >= t - Int64(rules[.contactChangeHours]) * 3_600 ? $0 : nil }
                add(.contactChangeBefore, e.kind == .loginOk && change != nil)
                add(.resetNotStarted, (e.kind == .resetRequested || e.kind == .passwordChanged) && (newDevice || newPlace))
                add(.twoFactorOff, e.kind == .twoFactorOff)
                if !hits.isEmpty {
                    let score = hits.reduce(0) { $0 + $1.weight }
                    let finding = ActivityFinding(key: e.key, at: e.at, hits: hits, score: score,
                                                  threshold: rules[.markThreshold],
                                                  line: Self.explain(e, hits: hits, network: network, failed: strangeFail,
                                                                     change: change, below: score < rules[.markThreshold],
                                                                     threshold: rules[.markThreshold], score: score))
                    if finding.isCompromise && compromise == nil {
                        compromise = finding
                    } else if !finding.isCompromise {
                        notes.append(finding)
                    }
                }
            }
            // Only what the customer (or whoever holds the account) did successfully
            // becomes "seen"; a stranger's failed attempts never make a place familiar.
            switch e.kind {
            case .loginOk:
                logins.append(t)
                if let d = e.deviceId { devices[d] = t }
                if let p = e.place { places[p] = t }
                if let ip = e.ip { networks[TimelineEntry.network(of: ip)] = t }
            case .deviceBound, .sessionStarted:
                if let d = e.deviceId { devices[d] = t }
            case .loginFailed:
                failed.append(e)
                if failed.count > 50 { failed.removeFirst(25) }
            case .contactChanged:
                contactChange = e
            default:
                break
            }
        }
        return CompromiseReport(compromise: compromise, notes: notes)
    }

    /// One line, in the words an agent would use on the phone.
    static func explain(_ e: TimelineEntry, hits: [SignalHit], network: String?, failed: TimelineEntry?,
                        change: TimelineEntry?, below: Bool, threshold: Int, score: Int) -> String {
        let fired = Set(hits.map(\.signal))
        let model = e.device ?? "unknown device"
        var parts: [String] = []
        if fired.contains(.unseenDevice) {
            parts.append("first \(e.kind.noun) on an unseen device (\(model))")
        } else {
            parts.append("\(e.kind.noun) on \(e.deviceId == nil ? "no device" : "known device \(model)")")
        }
        if let place = e.place {
            parts.append(fired.contains(.unseenPlace) ? "\(place) (never seen)" : place)
        }
        if fired.contains(.unseenNetwork), let network { parts.append("new network \(network)") }
        if fired.contains(.failedLoginBefore), let failed {
            let minutes = max(0, (e.key.at - failed.key.at) / 60)
            parts.append("\(minutes) min after a failed login from \(failed.place ?? "an unknown place")")
        }
        if fired.contains(.contactChangeBefore), let change {
            let minutes = max(0, (e.key.at - change.key.at) / 60)
            parts.append("\(minutes) min after a contact change (\(change.detail))")
        }
        if fired.contains(.resetNotStarted) { parts.append("a reset the customer did not start there") }
        var line = parts.joined(separator: ", ")
        if below {
            // Say first what the pattern looks like, so a decoy reads as explained, not ignored.
            if fired == [.unseenDevice] {
                line = "looks like a new phone (usual place and network): " + line
            } else if !fired.contains(.unseenDevice), fired.isSubset(of: [.unseenPlace, .unseenNetwork, .failedLoginBefore]) {
                line = "looks like travel (known device, new place): " + line
            }
            line += "; not marked (\(score) < \(threshold))"
        }
        return line
    }
}
