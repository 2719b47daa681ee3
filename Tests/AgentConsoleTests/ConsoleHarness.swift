import Foundation
import Testing
import SupportCore
import SupportStore
import TermUI
@testable import AgentConsole

/// A console on a real demo database, driven headless: keys in, frames out.
struct HeadlessConsole {
    /// 2026-11-25 03:00 UTC, a Wednesday morning in Jakarta: the demo is built around it.
    static let now = Date(timeIntervalSince1970: 1_795_575_600)

    let store: SupportStore
    let terminal: HeadlessTerminal
    let loop: EventLoop

    init(width: Int = 120, height: Int = 40, login: String = "sari", path: String? = nil) throws {
        let file = path ?? Self.demoPath()
        store = try SupportStore(path: file, clock: { HeadlessConsole.now })
        if path == nil { try store.generateDemo(seed: 42) }
        terminal = HeadlessTerminal(width: width, height: height)
        loop = try EventLoop(store: store, actor: try store.agent(login: login)!, terminal: terminal, theme: .defaultDark)
    }

    static func demoPath() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-console-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("demo.sqlite").path
    }

    var controller: ConsoleController { loop.controller }
    var state: ConsoleState { loop.controller.state }

    /// Feeds events straight into the controller, as the loop would (which then draws the
    /// frame and starts what waited for it, such as a file job's worker).
    func press(_ keys: Key...) {
        for key in keys {
            controller.handle(.key(key))
            controller.runAfterFrame()
        }
    }

    func type(_ text: String) {
        for ch in text {
            controller.handle(.key(.char(ch)))
            controller.runAfterFrame()
        }
    }

    /// Waits for the supervisor's figures counted beside the console to land, and takes
    /// them as the loop's next turn would (the worker's count is waited for, not slept on).
    func awaitFigures() {
        #expect(controller.waitForSupervisorFigures(timeout: 60), "the supervisor's figures were not counted")
        #expect(!state.supervisor.counting)
    }

    /// `S`, then the figures: what most supervisor tests start from.
    func openSupervisor() {
        press(.char("S"))
        awaitFigures()
    }

    func resize(_ width: Int, _ height: Int) {
        controller.handle(.resize(width: width, height: height))
    }

    var lines: [String] { loop.frame.lines() }
    var text: String { lines.joined(separator: "\n") }
}
