import Foundation
import Logging
import SupportAPI
import SupportPostgres
import SupportServer
import SupportStore

/// `paydesk serve --store postgresql://…`: one of several instances on a shared database.
/// No lock file (instances share the database by design); the audit key comes from
/// `--audit-key` or `$PAYDESK_AUDIT_KEY`, as `migrate` finds it.
enum ServePostgres {
    /// Opens the engine and the listener for other instances' commits, waiting on this
    /// thread (the command is synchronous).
    static func open(_ url: String, auditKey: String?, deliveryKey: String?) throws -> (PostgresEngine, PostgresPeers) {
        let engine = try openEngine(url, auditKey: auditKey, deliveryKey: deliveryKey)
        let started = LockedBox<Result<PostgresPeers, Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { started.set(.success(try await PostgresPeers.start(engine))) } catch { started.set(.failure(error)) }
            done.signal()
        }
        done.wait()
        switch started.get()! {
        case .success(let peers): return (engine, peers)
        case .failure(let error): closeEngine(engine); throw error
        }
    }

    /// Opens the engine alone (`deliver --once --store`, which answers no consoles), with
    /// the audit key checked and the delivery key adopted.
    static func openEngine(_ url: String, auditKey: String?, deliveryKey: String?) throws -> PostgresEngine {
        let location: PostgresLocation
        do { location = try PostgresLocation(parsing: url) } catch { throw CommandFailure.usage("\(error)") }
        guard let keyPath = auditKey ?? ProcessInfo.processInfo.environment["PAYDESK_AUDIT_KEY"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw CommandFailure.usage("--store postgresql://… needs the audit key the database's chain is signed with: --audit-key FILE or $PAYDESK_AUDIT_KEY (the key beside the SQLite file it was migrated from).")
        }
        let opened = LockedBox<Result<PostgresEngine, Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                opened.set(.success(try await PostgresEngine.open(location, auditKeyPath: keyPath, deliveryKeyPath: deliveryKey)))
            } catch {
                opened.set(.failure(error))
            }
            done.signal()
        }
        done.wait()
        let engine: PostgresEngine
        do {
            engine = try opened.get()!.get()
        } catch let error as PostgresStoreError {
            throw CommandFailure.other(error.description)
        }
        // As SQLite does on opening: a database never keyed records this key (made now if
        // the file does not exist); a keyed one is never re-keyed, its codes refuse instead.
        do {
            try engine.adoptDeliveryKey()
        } catch {
            closeEngine(engine)
            throw CommandFailure.other("The delivery key \(deliveryKey ?? "-"): \((error as? StoreError)?.message ?? "\(error)")")
        }
        return engine
    }

    static func closeEngine(_ engine: PostgresEngine) {
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            await engine.close()
            done.signal()
        }
        done.wait()
    }

    /// Closes what `open` opened, waiting on this thread: a command that gives up after
    /// opening (a refused check) must not drop open connections.
    static func close(_ engine: PostgresEngine, _ peers: PostgresPeers) {
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            await peers.stop()
            await engine.close()
            done.signal()
        }
        done.wait()
    }
}

/// Other instances, through LISTEN/NOTIFY on `paydesk_changes`: this instance announces
/// each write's changes after it commits and relays what the others announce, skipping
/// its own notices by their origin.
final class PostgresPeers: PeerChanges {
    let engine: PostgresEngine
    let listener: PostgresChangeListener
    let origin = UUID().uuidString
    let changes: AsyncStream<ChangeSet>
    private let logger = Logger(label: "paydesk.peers")

    private init(engine: PostgresEngine, listener: PostgresChangeListener) {
        self.engine = engine
        self.listener = listener
        let origin = self.origin
        changes = AsyncStream { continuation in
            let task = Task {
                for await notice in listener.changes where notice.origin != origin {
                    continuation.yield(ChangeSet(tickets: notice.tickets, customers: notice.customers,
                                                 everything: notice.everything, presence: notice.presence))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    static func start(_ engine: PostgresEngine) async throws -> PostgresPeers {
        PostgresPeers(engine: engine, listener: try await PostgresChangeListener.start(engine.location))
    }

    func announce(_ change: ChangeSet) {
        guard !change.isEmpty else { return }
        let notice = ChangeNotice(tickets: change.tickets, customers: change.customers, everything: change.everything,
                                  presence: change.presence, origin: origin)
        do {
            try engine.announce(String(decoding: try JSONEncoder().encode(notice), as: UTF8.self))
        } catch {
            // The write committed; only the other instances' consoles refresh later (on
            // their next own change or reconnect). Logged without any customer text.
            logger.warning("could not announce a change to the other instances", metadata: ["error": "\(error)"])
        }
    }

    func stop() async {
        await listener.stop()
    }
}
