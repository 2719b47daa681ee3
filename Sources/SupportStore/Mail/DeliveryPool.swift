import Foundation
import GRDB
import Synchronization
import SupportCore

/// What became of one message in a delivery pass.
enum DeliveryOutcome: Sendable {
    case sent(Int64, file: String?, code: Bool)
    case retrying(Int64)
    case failed(Int64)
}

/// A claimed batch handed to the sending threads. GRDB rows fetched with `fetchAll` are
/// copies that nothing writes to again, and the delivery key is immutable once read, so
/// reading both from several threads is safe.
private struct ClaimedBatch: @unchecked Sendable {
    let groups: [[Row]]
    let key: Result<DeliveryKey, Error>?
}

/// The shared state of one batch's senders: the next group to take, the outcomes so far,
/// and the first database failure, after which no sender starts another message.
private struct PoolState {
    var next = 0
    var outcomes: [DeliveryOutcome] = []
    var failure: Error?
}

extension StoreEngine {
    /// Sends a claimed batch with up to `options.concurrency` messages under way at once
    /// and adds what happened to `report`; answers whether a one-time code went out.
    ///
    /// Sending is nearly all waiting (a sendmail process handing the message to the mail
    /// system, a gateway's answer), so messages one after another left the mail system and
    /// both cores idle: a few at once is how MTAs are fed. Messages to one address form one
    /// group that a single sender takes in queue order. Each message is marked in its own
    /// transaction (the store serialises them), as when they went one by one.
    func sendClaimed(_ due: [Row], options: DeliveryOptions, by actor: Agent, report: inout DeliveryReport) throws -> Bool {
        var groups: [[Row]] = []
        var groupOf: [String: Int] = [:]
        for row in due {
            if let number: Int64 = row["ticket_number"] { report.tickets.insert(number) }
            let address = "\(row["channel"] as String) \(row["destination"] as String)"
            if let i = groupOf[address] { groups[i].append(row) } else { groupOf[address] = groups.count; groups.append([row]) }
        }
        // The key that opens sealed codes, read once for the batch (and only when one is in it).
        let key: Result<DeliveryKey, Error>? = due.contains { ($0["sealed_body"] as Data?) != nil }
            ? Result { try reading { try self.deliveryKey($0) } } : nil
        let claimed = ClaimedBatch(groups: groups, key: key)
        let state = Mutex(PoolState())
        let sender: @Sendable () -> Void = {
            while true {
                let taken = state.withLock { s -> Int? in
                    guard s.failure == nil, s.next < claimed.groups.count else { return nil }
                    defer { s.next += 1 }
                    return s.next
                }
                guard let index = taken else { return }
                for row in claimed.groups[index] {
                    do {
                        let outcome = try self.deliverOne(row, key: claimed.key, options: options, by: actor)
                        state.withLock { $0.outcomes.append(outcome) }
                    } catch {
                        state.withLock { if $0.failure == nil { $0.failure = error } }
                        return
                    }
                }
            }
        }
        let width = max(1, min(options.concurrency, groups.count))
        if width == 1 {
            sender()
        } else {
            let done = DispatchGroup()
            for _ in 0..<width {
                done.enter()
                Thread.detachNewThread { sender(); done.leave() }
            }
            done.wait()
        }
        let (outcomes, failure) = state.withLock { ($0.outcomes, $0.failure) }
        var sentCode = false
        for outcome in outcomes {
            switch outcome {
            case .sent(let id, let file, let code):
                report.sent.append(id)
                if let file { report.files.append(.init(messageId: id, path: file)) }
                sentCode = sentCode || code
            case .retrying(let id): report.retrying.append(id)
            case .failed(let id): report.failed.append(id)
            }
        }
        // The database failed under a sender: messages already marked stay marked, the
        // rest keep their claim until it lapses and go out in a later pass.
        if let failure { throw failure }
        return sentCode
    }
}
