import Foundation
import PostgresNIO
import SupportPostgres
import SupportStore

/// Carries the seed generator's COPY text from its thread to one COPY per table: the
/// generator runs on a thread of its own (it is CPU-bound and blocks when it is ahead),
/// each table's buffers queue in a stream its COPY reads, and a semaphore per table
/// keeps at most `depth` buffers waiting, so memory stays bounded while PostgreSQL
/// parses one buffer and the generator writes the next.
final class PostgresSeedFeed: @unchecked Sendable {
    let streams: [AsyncThrowingStream<ByteBuffer, Error>]
    private let continuations: [AsyncThrowingStream<ByteBuffer, Error>.Continuation]
    private let room: [DispatchSemaphore]
    private let lock = NSLock()
    private var stopped = false
    private let depth: Int

    init(tables: Int, depth: Int = 4) {
        var streams: [AsyncThrowingStream<ByteBuffer, Error>] = []
        var continuations: [AsyncThrowingStream<ByteBuffer, Error>.Continuation] = []
        for _ in 0..<tables {
            let (stream, continuation) = AsyncThrowingStream<ByteBuffer, Error>.makeStream()
            streams.append(stream)
            continuations.append(continuation)
        }
        self.streams = streams
        self.continuations = continuations
        room = (0..<tables).map { _ in DispatchSemaphore(value: depth) }
        self.depth = depth
    }

    /// Called on the generator's thread: waits for room, then queues a copy of the bytes.
    func emit(_ table: Int, _ bytes: UnsafeRawBufferPointer) throws {
        room[table].wait()
        if lock.withLock({ stopped }) { throw CancellationError() }
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        continuations[table].yield(buffer)
    }

    /// A COPY has sent one buffer: the generator may write another for that table.
    func sent(_ table: Int) { room[table].signal() }

    /// Runs `generate` on a new thread; the streams end when it returns (or carry its error).
    func start(_ generate: @escaping @Sendable (PostgresSeedFeed) throws -> [Int]) async throws -> [Int] {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<[Int], Error>) in
            let thread = Thread { [self] in
                do {
                    let rows = try generate(self)
                    continuations.forEach { $0.finish() }
                    done.resume(returning: rows)
                } catch {
                    continuations.forEach { $0.finish(throwing: error) }
                    done.resume(throwing: error)
                }
            }
            thread.name = "paydesk-seed-copy"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// A COPY failed: release a generator waiting for room so that it stops.
    func stop() {
        lock.withLock { stopped = true }
        for semaphore in room { for _ in 0..<depth + 1 { semaphore.signal() } }
    }
}
