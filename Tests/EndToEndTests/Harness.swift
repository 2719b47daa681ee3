import Foundation
import Testing

/// Paths and process helpers shared by the end-to-end tests. They run the binary that
/// `swift test` has already built; they never build it again.
enum Harness {
    /// Copies the paydesk binary to `path` with cp, not in this process: a child another
    /// test forks while our write descriptor is open would inherit it, and starting the copy
    /// would then fail with "Text file busy".
    static func copyBinary(to path: String) throws {
        let copy = try Spawn.run("/bin/cp", [binary, path], environment: ["PATH": "/usr/bin:/bin"])
        guard copy.status == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cp \(binary) \(path): \(copy.stderr)"])
        }
        chmod(path, 0o755)
    }

    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    static var binary: String { built("paydesk") }

    /// The developer tools (`seed`, `bench`, `bench-service`, `soak`), built beside paydesk.
    static var devBinary: String { built("paydesk-dev") }

    static func built(_ name: String) -> String {
        // The binary built with these tests comes first, so that `swift test --sanitize=…
        // --scratch-path .build-asan` runs the sanitised binary, not an older plain one.
        let beside = Bundle.main.executableURL.map { $0.deletingLastPathComponent().appendingPathComponent(name).path }
        let candidates = [beside].compactMap { $0 }
            + [".build/debug/\(name)", ".build/release/\(name)"].map { packageRoot.appendingPathComponent($0).path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs paydesk with arguments and optional standard input; waits for it to end.
    /// With PAYDESK_TEST_SERVICE=1 (`make test` runs the command-line suites a second time
    /// so) a command on `--db FILE` goes through a `paydesk serve` on that file instead.
    @discardableResult
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Result {
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        for (k, v) in environment { env[k] = v }
        return try Spawn.run(binary, try ServiceRouting.route(arguments), environment: env, stdin: stdin)
    }

    /// Runs paydesk-dev; its tools open files themselves, so nothing is routed to a service.
    @discardableResult
    static func runDev(_ arguments: [String]) throws -> Result {
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        return try Spawn.run(devBinary, arguments, environment: env, stdin: nil)
    }

    /// A demo database in a fresh folder.
    static func demoDatabase() throws -> String {
        let path = try tempDir().appendingPathComponent("demo.sqlite").path
        let r = try run(["demo", "--db", path, "--no-open"])
        #expect(r.status == 0, "demo failed: \(r.stderr)")
        return path
    }

    /// Polls `condition` every 50 ms until it holds or `timeout` passes. No fixed sleeps:
    /// the wait ends as soon as the state is there.
    static func waitUntil(timeout: TimeInterval = 10, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            usleep(50_000)
        }
        return try condition()
    }
}

/// Drives the real binary in a real terminal (tmux), like fzf's test harness.
final class TmuxSession {
    let name: String
    let socket: String
    let exitFile: String

    init(command: String, width: Int = 120, height: Int = 40, environment: [String: String] = [:]) throws {
        name = "pd\(UUID().uuidString.prefix(8))"
        let dir = try Harness.tempDir()
        socket = dir.appendingPathComponent("tmux.sock").path
        exitFile = dir.appendingPathComponent("exit").path
        var env = "LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color"
        for (k, v) in environment { env += " \(k)=\(Self.quote(v))" }
        // The shell records the exit status so the test can check how the console ended.
        let script = "env \(env) \(command); echo $? > \(Self.quote(exitFile))"
        try tmux(["new-session", "-d", "-s", name, "-x", String(width), "-y", String(height), script])
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        try Spawn.run("/usr/bin/tmux", ["-S", socket, "-f", "/dev/null"] + args).stdout
    }

    func capture(colors: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", name] + (colors ? ["-e"] : []))
    }

    func send(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }
    func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
    }

    /// Waits until the screen contains `text`; returns the last capture either way.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 10) throws -> (found: Bool, screen: String) {
        var screen = ""
        let found = try Harness.waitUntil(timeout: timeout) {
            screen = try capture()
            return screen.contains(text)
        }
        return (found, screen)
    }

    func waitForScreen(timeout: TimeInterval = 10, _ condition: (String) -> Bool) throws -> (found: Bool, screen: String) {
        var screen = ""
        let found = try Harness.waitUntil(timeout: timeout) {
            screen = try capture()
            return condition(screen)
        }
        return (found, screen)
    }

    /// The console's exit status once it has ended.
    func waitForExit(timeout: TimeInterval = 10) -> Int32? {
        var status: Int32?
        _ = Harness.waitUntil(timeout: timeout) {
            if let text = try? String(contentsOfFile: exitFile, encoding: .utf8), let s = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                status = s
                return true
            }
            return false
        }
        return status
    }

    func kill() { _ = try? tmux(["kill-server"]) }
    deinit { kill() }
}
