import Foundation
import SupportCore
import SupportStore

/// An SLA clock in the ticket's header, in the agent's language (the command line prints
/// the store's English `summary`).
extension ConsoleState {
    func slaSummary(_ clock: SLAClockStatus) -> String {
        let name = t(clock.metric == .firstResponse ? .slaFirstResponse : .slaResolution)
        let stateName: String = switch clock.state {
        case .ok: t(.slaOk)
        case .warning: t(.slaWarning)
        case .breached: t(.slaBreached)
        case .met: t(.slaMet)
        case .missed: t(.slaMissed)
        case .paused: ""
        }
        switch clock.state {
        case .met, .missed:
            return t(.slaStopped, name, stateName, DurationText.format(TimeInterval(clock.targetMinutes) * 60))
        case .paused:
            return t(.slaPausedLong, name)
        default:
            return t(.slaRunning, name, stateName, TimeText.clock(clock.due),
                     DurationText.format(clock.due.timeIntervalSince(displayNow(toward: clock.due))))
        }
    }
}
