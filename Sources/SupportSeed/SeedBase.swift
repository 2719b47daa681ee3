import Foundation
import SupportCore
import SupportStore

/// The small part of a seeded database that both stores write through a `SQLSession`
/// (SQLite's file, PostgreSQL's connection): the agents, the SLA policies and holidays the
/// ticket clocks read, and the seed's own record in `meta`.
public enum SeedBase {
    /// The demo's agents and the generated team, created before the history starts.
    static func insertAgents(_ session: any SQLSession, options: SeedOptions) throws {
        let created = options.historyStart - 60 * 86_400
        let insert = "INSERT INTO agents (login, name, role, active, created_at) VALUES (?, ?, ?, 1, ?)"
        for a in DemoContent.agents {
            try session.run(insert, [a.login, a.name, a.role.rawValue, created])
        }
        let texts = SeedTexts()
        for i in 0..<options.generatedAgents {
            var rng = SplitMix64(seed: options.seed, phase: 4, chunk: i)
            let name = String(cString: texts.names[rng.below(texts.names.count)].pointer)
            try session.run(insert, [String(format: "agent%03d", i + 1), name, i % 12 == 11 ? "supervisor" : "agent", created])
        }
    }

    /// Everything a seed writes before its rows, on a new PostgreSQL database: the seed
    /// record, the agents, and the SLA policies and holidays (SQLite's `seedDefaults`).
    public static func insertBase(_ session: any SQLSession, options: SeedOptions) throws {
        try setMeta(session, SeedMeta.options, options.encoded)
        try insertAgents(session, options: options)
        if try session.fetchValue("SELECT COUNT(*) FROM sla_policies", as: Int.self) == 0 {
            for p in SLAPolicy.defaults {
                try session.run("""
                    INSERT INTO sla_policies (priority, category, first_response_minutes, resolution_minutes,
                                              warning_share, business_hours) VALUES (?, ?, ?, ?, ?, ?)
                    """, [p.priority.rawValue, p.category?.rawValue, p.firstResponseMinutes, p.resolutionMinutes,
                          p.warningShare, p.usesBusinessHours ? 1 : 0])
            }
        }
        for (day, name) in SupportStore.defaultHolidays {
            try session.run("INSERT INTO holidays (day, name) VALUES (?, ?) ON CONFLICT (day) DO NOTHING", [day, name])
        }
    }

    /// The marks of a finished seed: the heavy accounts (the ten Zipf ranks at the head,
    /// with their counts), a demo database (so `--as` works), and the phase.
    public static func finish(_ session: any SQLSession, options: SeedOptions) throws {
        let picker = CustomerPicker.transactions(options)
        var heavy: [String] = []
        for rank in 0..<min(10, options.customers) {
            let id = Int64(picker.customer(rank: rank) + 1)
            let n = try session.fetchValue("SELECT COUNT(*) FROM transactions WHERE customer_id = ?", [id], as: Int.self) ?? 0
            heavy.append("\(id):\(n)")
        }
        try setMeta(session, SeedMeta.heavy, heavy.joined(separator: ","))
        try setMeta(session, "demo", "1")
        try setMeta(session, "created_at", String(options.now))
        try setPhase(session, SeedPhase.complete.rawValue)
    }

    /// The seed recorded in the database (nil: not a seeded database), and its phase.
    public static func recorded(_ session: any SQLSession) throws -> (options: SeedOptions, phase: String)? {
        guard let text = try session.fetchValue("SELECT value FROM meta WHERE key = ?", [SeedMeta.options], as: String.self),
              let options = SeedOptions.decode(text) else { return nil }
        let phase = try session.fetchValue("SELECT value FROM meta WHERE key = ?", [SeedMeta.phase], as: String.self)
        return (options, phase ?? SeedPhase.base.rawValue)
    }

    public static func setPhase(_ session: any SQLSession, _ phase: String) throws {
        try setMeta(session, SeedMeta.phase, phase)
    }

    /// What a load set aside to put back afterwards (JSON), kept in the database itself.
    public static func deferred(_ session: any SQLSession) throws -> String? {
        try session.fetchValue("SELECT value FROM meta WHERE key = ?", [SeedMeta.deferred], as: String.self)
    }

    public static func setDeferred(_ session: any SQLSession, _ json: String) throws {
        try setMeta(session, SeedMeta.deferred, json)
    }

    static func setMeta(_ session: any SQLSession, _ key: String, _ value: String) throws {
        try SupportStore.setMeta(in: session, key, value)
    }

    /// Who takes tickets, and the clocks' policies and calendar, as the tickets load reads them.
    public static func ticketContext(_ session: any SQLSession) throws -> SeedTicketContext {
        let owners = try session.fetchRows("SELECT id, login FROM agents WHERE role IN ('agent', 'supervisor') ORDER BY id")
            .map { SeedOwner(id: $0["id"], login: $0["login"]) }
        return SeedTicketContext(owners: owners, policies: try SupportStore.policies(session),
                                 calendar: try SupportStore.calendar(session))
    }
}

public struct SeedTicketContext: Sendable {
    let owners: [SeedOwner]
    let policies: [SLAPolicy]
    let calendar: BusinessCalendar
}
