import AgentConsole
import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

/// A console worker for the soak: the real console loop (`EventLoop`) on a headless
/// terminal, driven with the keystrokes an agent would type. A write counts as acknowledged
/// only when the status bar says so, exactly as the agent would see it; every other status
/// after an action is logged as an error line, so `soak check` sees what agents saw.
struct SoakConsoleDriver {
    let loop: EventLoop
    let terminal: HeadlessTerminal
    let actor: Agent
    let plan: SoakPlan
    let log: SoakLog
    var rng: SplitMix64
    let seed: UInt64
    var owned: Set<Int64> = []
    var sequence = 0

    init(client: SupportClient, actor: Agent, plan: SoakPlan, seed: UInt64, log: SoakLog) throws {
        terminal = HeadlessTerminal(width: 140, height: 40, historyLimit: 1)
        loop = try EventLoop(client: client, actor: actor, terminal: terminal, theme: .defaultDark)
        self.actor = actor; self.plan = plan; self.log = log; self.seed = seed
        rng = SoakRandom.seeded(seed)
    }

    /// Delivers the keys and turns the loop until every one is handled; returns the status bar.
    @discardableResult
    func press(_ keys: [Key]) -> String {
        terminal.enqueue(contentsOf: keys.map { Event.key($0) })
        while !terminal.pendingEvents.isEmpty { loop.step(timeoutMilliseconds: 0) }
        return status
    }

    @discardableResult
    func command(_ text: String) -> String {
        press([.char(":")] + text.map { Key.char($0) } + [.enter])
    }

    /// The message line sits just above the status bar: it holds the last action's outcome.
    var status: String {
        let lines = loop.frame.lines()
        return lines.count >= 2 ? lines[lines.count - 2] : ""
    }

    mutating func step() {
        // `:view all` closes any open ticket and sets a known status, so a stale message
        // from the previous step can never be mistaken for this step's outcome.
        command("view all")
        let roll = Int.random(in: 0..<100, using: &rng)
        let mine = owned.randomElement(using: &rng)
        let any = plan.tickets.randomElement(using: &rng)!
        switch roll {
        case 0..<35: claim(any)
        case 35..<50: if let mine { release(mine) } else { claim(any) }
        case 50..<70: if let mine { reply(mine) } else { note(any) }
        case 70..<85: if let mine { status(mine) } else { note(any) }
        default: note(any)
        }
    }

    func select(_ n: Int64) {
        command("filter number:\(n)")
    }

    mutating func token() -> String {
        sequence += 1
        return "soak:\(actor.login):\(seed).\(sequence)"
    }

    mutating func claim(_ n: Int64) {
        select(n)
        if acknowledge("claim", n, command("claim"), expecting: "Claimed \(TicketNumber.format(n)).") {
            owned.insert(n)
        }
    }

    mutating func release(_ n: Int64) {
        select(n)
        acknowledge("release", n, command("release"), expecting: "Released \(TicketNumber.format(n))")
        owned.remove(n)   // released, or not ours any more, or not visible: stop working it
    }

    mutating func status(_ n: Int64) {
        let target = [TicketStatus.open, .pending, .onHold, .solved].randomElement(using: &rng)!
        select(n)
        acknowledge("status", n, command("status \(target.rawValue)"),
                    expecting: "\(TicketNumber.format(n)) is now \(target.rawValue).", also: " to=\(target.rawValue)")
    }

    mutating func note(_ n: Int64) {
        let body = token()
        select(n)
        acknowledge("note", n, command("note checked switch log \(body)"),
                    expecting: "Note added to \(TicketNumber.format(n)).", also: " token=\(body)")
    }

    mutating func reply(_ n: Int64) {
        let body = token()
        select(n)
        command("reply")
        press("Mohon tunggu \(body)".map { Key.char($0) })
        let shown = press([.ctrl("s")])
        if !acknowledge("reply", n, shown, expecting: "Reply queued on \(TicketNumber.format(n)).", also: " token=\(body)") {
            // The composer stays open after a refusal (the text is kept as a draft): close it.
            press([.escape, .char("y")])
        }
    }

    /// A write counts only when the status bar says so, as the agent would see it; any
    /// other status is logged as the refusal the agent saw.
    @discardableResult
    func acknowledge(_ op: String, _ ticket: Int64, _ shown: String, expecting expected: String, also: String = "") -> Bool {
        guard shown.contains(expected) else {
            refused(op, shown)
            return false
        }
        log.ack(op, "ticket=\(ticket) by=\(actor.login)\(also) via=console")
        return true
    }

    func refused(_ op: String, _ shown: String) {
        log.error(op, StoreError(.other, "console showed: " + shown.trimmingCharacters(in: .whitespaces)))
    }
}
