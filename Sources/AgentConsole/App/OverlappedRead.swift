import Dispatch
import SupportAPI
import Synchronization

/// A read sent on a thread of its own at once, while the console's thread sends another:
/// through the service each read is a round trip, and two in flight together cost the
/// longer of the two instead of their sum. `value()` waits for the answer (or its error);
/// asked again, it hands back the same. An answer nobody asks for is dropped with it.
final class OverlappedRead<Value: Sendable>: Sendable {
    private let answer = Mutex<Result<Value, any Error>?>(nil)
    private let landed = DispatchSemaphore(value: 0)

    init(_ read: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global(qos: .userInitiated).async {
            let result = Result { try read() }
            self.answer.withLock { $0 = result }
            self.landed.signal()
        }
    }

    func value() throws -> Value {
        if let result = answer.withLock({ $0 }) { return try result.get() }
        landed.wait()
        landed.signal()   // a second asker does not wait for a signal already taken
        return try answer.withLock { $0! }.get()
    }
}

extension SupportClient {
    /// `read`, started now: through the service on a thread of its own (`OverlappedRead`),
    /// so that it overlaps what the caller sends next; in process here, before the caller
    /// goes on (two reads in one process would take turns on the CPU). The value is had by
    /// calling what comes back, as often as wanted.
    func startingRead<Value: Sendable>(_ read: @escaping @Sendable () throws -> Value) throws -> () throws -> Value {
        if overlapsReads {
            let ahead = OverlappedRead(read)
            return { try ahead.value() }
        }
        let value = try read()
        return { value }
    }
}

