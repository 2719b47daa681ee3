import Foundation

/// One `DateFormatter` per pattern for the whole process. Building a formatter loads ICU
/// data and was most of the cost of a line wherever dates were formatted per row: three
/// quarters of `tx list`, half of every console frame.
public final class SharedDateFormatter: @unchecked Sendable {
    // @unchecked: `formatter` is only touched while holding `lock`. Foundation on Linux
    // does not promise that one formatter may be used from several threads at once.
    private let lock = NSLock()
    private let formatter: DateFormatter

    public init(_ pattern: String, zone: TimeZone) {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = pattern
        formatter = f
    }

    public func string(from date: Date) -> String {
        lock.lock()
        defer { lock.unlock() }
        return formatter.string(from: date)
    }
}
