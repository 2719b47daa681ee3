import AgentConsole
import ConsoleBench
import Foundation
import SupportCore
import SupportStore

/// `bench --only dashboard`: the supervisor screen's figures after another process
/// commits, as a whole (what the first open after a commit waits for; the SLA rates are
/// reused then, as the memo does for 20 s) and part by part, so the costly part shows.
extension BenchCommand {
    func dashboard(_ store: SupportStore, _ actor: Agent, _ now: Date, _ report: inout BenchReport) throws {
        let n = quick ? 5 : 30
        let committer = try SupportStore(path: db, create: false, clock: { now })
        func timed(_ name: String, _ body: () throws -> Void) rethrows {
            var pairs: [(wall: UInt64, cpu: UInt64)] = []
            for _ in 0..<n {
                let cpu = ConsoleBench.threadCPU()
                let start = DispatchTime.now().uptimeNanoseconds
                try body()
                pairs.append((DispatchTime.now().uptimeNanoseconds - start, ConsoleBench.threadCPU() - cpu))
            }
            report.frames.append(.init(FrameTiming(name: name, samples: pairs.map(\.wall), cpuSamples: pairs.map(\.cpu))))
        }
        _ = try store.supervisorDashboard()   // the SLA rates, measured once and then reused
        // A presence change by another connection: the memo's next ask computes again.
        var state = PresenceState.typing
        try timed("dashboard: after a commit") {
            committer.setPresence(agent: actor, ticketNumber: nil, state: state)
            state = state == .typing ? .viewing : .typing
            _ = try store.supervisorDashboard()
        }
        let today = ReportPeriod.today(now), week = ReportPeriod.lastDays(7, endingAt: now)
        try timed("dashboard: agents, today") { _ = try store.agentReport(period: today) }
        try timed("dashboard: agents, 7 days") { _ = try store.agentReport(period: week) }
        try timed("dashboard: backlog") { _ = try store.backlogReport(period: today) }
        try timed("dashboard: SLA, 7 days") { _ = try store.slaReport(period: week) }
        try timed("dashboard: attention") { _ = try store.attentionItems() }
        try timed("dashboard: breaching, breached") {
            _ = try store.breachingWithin(seconds: 3_600)
            _ = try store.breachedRunning()
        }
        try timed("dashboard: aging") { _ = try store.agingBuckets() }
        try timed("dashboard: volume, 14 days") { _ = try store.volumeReport(period: .lastDays(14, endingAt: now)) }
        try timed("dashboard: CSAT, 7 days") { _ = try store.csatReport(period: week) }
        try timed("dashboard: viewing, approvals") {
            _ = try store.currentlyViewing()
            _ = try store.approvals()
        }
    }
}
