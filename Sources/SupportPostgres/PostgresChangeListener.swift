import Foundation
import PostgresNIO

/// Hears other instances' commits: `LISTEN paydesk_changes` on a connection of its own,
/// each notification decoded into a `ChangeNotice` and delivered on `changes`. A
/// payload that does not decode (another program on the channel) is dropped.
///
/// When the connection is lost (a server restart, a failover, an idle-connection killer)
/// the listener connects again with a growing pause, and then delivers one notice with
/// `everything` set: whatever committed in between was not heard, so whoever shows data
/// must re-read all of it.
public final class PostgresChangeListener: Sendable {
    public let changes: AsyncStream<ChangeNotice>
    private let pool: PostgresPool
    private let task: Task<Void, Never>

    private init(pool: PostgresPool, changes: AsyncStream<ChangeNotice>, task: Task<Void, Never>) {
        self.pool = pool
        self.changes = changes
        self.task = task
    }

    /// Returns once the first LISTEN is in place, so that any commit after this call is
    /// heard; throws when the first connection fails.
    public static func start(_ location: PostgresLocation) async throws -> PostgresChangeListener {
        let pool = PostgresPool(location, maximumConnections: 1)
        do {
            try await pool.checkReachable()
        } catch {
            await pool.close()
            throw error
        }
        let (changes, sink) = AsyncStream<ChangeNotice>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        let (ready, readySink) = AsyncStream<PostgresStoreError?>.makeStream()
        let task = Task {
            var attempt = 0
            var listenedBefore = false
            while !Task.isCancelled {
                do {
                    try await pool.withConnection { connection in
                        try await connection.listen(on: ChangeNotice.channel) { notifications in
                            if listenedBefore { sink.yield(ChangeNotice(everything: true)) }
                            listenedBefore = true
                            attempt = 0
                            readySink.yield(nil)
                            for try await notification in notifications {
                                if let notice = try? JSONDecoder().decode(ChangeNotice.self, from: Data(notification.payload.utf8)) {
                                    sink.yield(notice)
                                }
                            }
                        }
                    }
                } catch {
                    if !listenedBefore {
                        readySink.yield(PostgresStoreError("Cannot listen for changes at \(pool.location.description): \(error)"))
                        break
                    }
                }
                // 50 ms doubling to 5 s between attempts.
                attempt += 1
                try? await Task.sleep(for: .milliseconds(min(5_000, 50 << min(attempt, 7))))
            }
            readySink.finish()
            sink.finish()
        }
        for await failure in ready {
            if let failure {
                await pool.close()
                throw failure
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
