import Foundation
import SupportCore

/// When the next frame could differ from the last only because time passed. Every text the
/// console shows relative to now ("5m", "-32m", "1d 14h", the header's HH:MM, an SLA style
/// that turns to warning) notes, while the frame is built, the instant its text or style
/// next changes; the once-a-second tick draws a frame only when that instant has come.
/// An idle console on its queue then draws about once a minute instead of every second,
/// which is most of what a hundred idle consoles cost (BENCHMARKS.md, "A team's consoles").
///
/// A reference held by the state: a frame is built from a copy of the state, and what it
/// notes must reach the loop. One console builds its frames on one thread.
final class RelativeTimeWatch {
    private(set) var nextChange = Date.distantPast

    /// A frame is about to be built: what it notes replaces what the last one noted.
    func reset() { nextChange = .distantFuture }

    /// Something on screen changes at `instant`.
    func note(_ instant: Date) { if instant < nextChange { nextChange = instant } }

    /// The unit `DurationText` shows a time of this size in: seconds, minutes, hours.
    static func unit(_ size: TimeInterval) -> TimeInterval { size < 60 ? 1 : size < 86_400 ? 60 : 3_600 }

    /// The tick's frame is needed: time has reached what the last frame showed.
    func isDue(_ now: Date) -> Bool { now >= nextChange }

    /// How long until `DurationText.format` of a value that moves one second a second
    /// shows another text. `value` is what is shown now; `growing` says whether its size
    /// grows (time since, an overdue clock) or shrinks toward zero (a countdown). The text
    /// shows whole seconds under a minute, whole minutes under a day, whole hours above,
    /// so it changes at the next multiple of that unit in the direction of travel.
    static func secondsUntilTextChanges(_ value: TimeInterval, growing: Bool) -> TimeInterval {
        guard value.isFinite else { return 3_600 }
        let size = abs(value)
        let unit = Self.unit(size)
        let into = size.truncatingRemainder(dividingBy: unit)
        // Shrinking: the truncated text changes as soon as the size passes below the
        // multiple at or under it (right away when it sits exactly on one); under a
        // second it reads "0s" through zero until a whole second on the other side.
        let seconds = growing ? unit - into : size < 1 ? size + 1 : (into > 0 ? into : 0.001)
        return max(0.001, seconds)
    }
}

extension ConsoleState {
    /// Within two minutes of its instant a relative time is shown exactly (seconds under a
    /// minute, and an SLA clock turns breached on the second).
    static let exactWithin: TimeInterval = 120

    /// The "now" a time shown relative to `target` is worked out from, noting when its
    /// text next changes. Near the instant it is the clock itself. Further away, where the
    /// text is in whole minutes or hours, it is the clock's minute — the one begun for a
    /// coming instant (a countdown shows at most 59 s more than is left, and reaches the
    /// exact range without a jump), the one about to begin for a past instant (time since,
    /// and an overdue clock, show at most 59 s more, never less) — so that every such text on screen
    /// changes on the minute, with the header's clock, and an idle console draws once a
    /// minute rather than once per row per minute.
    func displayNow(toward target: Date) -> Date {
        let distance = target.timeIntervalSince(now)
        if abs(distance) < Self.exactWithin {
            timeWatch.note(now.addingTimeInterval(RelativeTimeWatch.secondsUntilTextChanges(distance, growing: distance <= 0)))
            return now
        }
        let seconds = now.timeIntervalSince1970, at = target.timeIntervalSince1970
        if distance > 0 {
            let begun = (seconds / 60).rounded(.down) * 60
            // The text shows whole units of what is left; it drops below the current whole
            // number of units at the first minute after `target - that`.
            let left = at - begun, unit = RelativeTimeWatch.unit(left)
            let drop = at - (left / unit).rounded(.down) * unit
            timeWatch.note(Date(timeIntervalSince1970: ((drop / 60).rounded(.down) + 1) * 60))
            // The exact range begins with the text's next change ("2m" to "1m").
            timeWatch.note(target.addingTimeInterval(-Self.exactWithin + 0.001))
            return Date(timeIntervalSince1970: begun)
        }
        // The minute about to begin (the clock itself on the minute): the text shows whole
        // units since `target` and gains one once that minute reaches `target + the next`.
        let coming = (seconds / 60).rounded(.up) * 60
        let since = coming - at, unit = RelativeTimeWatch.unit(since)
        let next = at + ((since / unit).rounded(.down) + 1) * unit
        timeWatch.note(Date(timeIntervalSince1970: (next / 60).rounded(.up) * 60 - 60 + 0.001))
        return Date(timeIntervalSince1970: coming)
    }

    /// "3m" since `date`.
    func elapsedText(since date: Date) -> String {
        DurationText.format(displayNow(toward: date).timeIntervalSince(date))
    }

    /// The header's clock changes on the minute.
    func noteClockMinute() {
        let intoMinute = now.timeIntervalSince1970.truncatingRemainder(dividingBy: 60)
        timeWatch.note(now.addingTimeInterval(60 - intoMinute))
    }
}
