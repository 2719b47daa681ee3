import Foundation
import SupportCore
import SupportStore
import Synchronization

/// Customer messages from the webhooks, imported in groups. Each request used to be an
/// intake run of its own: a transaction for the message and one for the run's audit
/// record, each committed and checkpointed, one after another behind the write lock. Here a
/// request hands its contact over and waits; one importer takes every contact waiting at
/// that moment (up to a hundred) and imports them together, so
/// requests that arrive while a transaction is under way share the next one. On PostgreSQL
/// a group's contacts commit one by one (`intakeContactsPerTransaction`), each answered
/// once the group is through.
///
/// Nothing changes for a gateway: every request is still answered only after the
/// transaction holding its message has committed, a message intake refuses is refused
/// alone (each contact has its own savepoint), a provider id seen twice — even within one
/// group — is a duplicate, and a database failure fails the whole group with 503, so the
/// gateways send again and nothing is lost or stored twice.
final class WebhookIntake: Sendable {
    enum Outcome: Sendable {
        case imported(IntakeItem)
        case refused(String)
        case failed(Error)
    }

    private struct Waiting {
        var contact: IncomingContact
        var channel: Channel
        var reply: CheckedContinuation<Outcome, Never>
    }

    private struct State {
        var waiting: [Waiting] = []
        var importing = false
        var serial = 0
    }

    private let state = Mutex(State())
    private let engine: any StoreEngine
    private let login: String
    private let queue = DispatchQueue(label: "paydesk.webhook-intake")

    /// A hundred at most: a group's requests are all answered once its last transaction
    /// commits, so a larger group would keep the first requests waiting longer.
    static let groupSize = 100

    init(engine: any StoreEngine, login: String) {
        self.engine = engine
        self.login = login
    }

    /// Imports one contact with whatever else is waiting; returns once it is committed (or not).
    func submit(_ contact: IncomingContact, channel: Channel) async -> Outcome {
        await withCheckedContinuation { continuation in
            let start = state.withLock { state -> Bool in
                // A name of its own, so the report's items and rejections map back to requests.
                var contact = contact
                state.serial += 1
                contact.file = "\(contact.file) #\(state.serial)"
                state.waiting.append(Waiting(contact: contact, channel: channel, reply: continuation))
                let idle = !state.importing
                state.importing = true
                return idle
            }
            if start { queue.async { self.drain() } }
        }
    }

    /// Imports group after group until nobody is waiting.
    private func drain() {
        while true {
            let group = state.withLock { state -> [Waiting] in
                guard let channel = state.waiting.first?.channel else { state.importing = false; return [] }
                // One channel a group (an intake run is of one channel), oldest first.
                var taken: [Waiting] = [], kept: [Waiting] = []
                for waiting in state.waiting {
                    if waiting.channel == channel && taken.count < Self.groupSize { taken.append(waiting) } else { kept.append(waiting) }
                }
                state.waiting = kept
                return taken
            }
            guard let channel = group.first?.channel else { return }
            let outcome = Result {
                let actor = try engine.resolveActor(caller: login, asLogin: nil)
                return try engine.importContacts(IntakeBatch(contacts: group.map(\.contact), files: group.count), channel: channel, by: actor)
            }
            switch outcome {
            case .success(let report):
                let items = Dictionary(report.items.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
                let refusals = Dictionary(report.rejections.map { ($0.file, $0.reason) }, uniquingKeysWith: { first, _ in first })
                for waiting in group {
                    if let item = items[waiting.contact.file] {
                        waiting.reply.resume(returning: .imported(item))
                    } else {
                        waiting.reply.resume(returning: .refused(refusals[waiting.contact.file] ?? "the message could not be imported"))
                    }
                }
            case .failure(let error):
                for waiting in group { waiting.reply.resume(returning: .failed(error)) }
            }
        }
    }
}
