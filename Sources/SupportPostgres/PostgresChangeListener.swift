import Foundation
import PostgresNIO

/// Hears other instances' commits: `LISTEN paydesk_changes` on a connection of its own,
/// each notification decoded into a `ChangeNotice` and delivered on `changes`. A
/// payload that does not decode (another program on the channel) is dropped.
public final class PostgresChangeListener: Sendable {
    public let changes: AsyncStream<ChangeNotice>
    private let pool: PostgresPool
    private let task: Task<Void, Never>

    private init(pool: PostgresPool, changes: AsyncStream<ChangeNotice>, task: Task<Void, Never>) {
        self.pool = pool
        self.changes = changes
        self.task = task
    }

    /// Returns once the LISTEN is in place, so that any commit after this call is heard.
    public static func start(_ location: PostgresLocation) async throws -> PostgresChangeListener {
        let pool = PostgresPool(location, maximumConnections: 1)
        let (changes, sink) = AsyncStream<ChangeNotice>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        let (ready, readySink) = AsyncStream<Result<Void, PostgresStoreError>>.makeStream()
        let task = Task {
            do {
                try await pool.withConnection { connection in
                    try await connection.listen(on: ChangeNotice.channel) { notifications in
                        readySink.yield(.success(()))
                        for try await notification in notifications {
                            if let notice = try? JSONDecoder().decode(ChangeNotice.self, from: Data(notification.payload.utf8)) {
                                sink.yield(notice)
                            }
                        }
                    }
                }
            } catch {
                readySink.yield(.failure(PostgresStoreError("Cannot listen for changes at \(pool.location.description): \(error)")))
            }
            readySink.finish()
            sink.finish()
        }
        for await outcome in ready {
            if case .failure(let error) = outcome {
                await pool.close()
                throw error
            }
            break
        }
        return PostgresChangeListener(pool: pool, changes: changes, task: task)
    }

    /// Stops listening and closes the connection.
    public func stop() async {
        task.cancel()
        await task.value
        await pool.close()
    }
}
