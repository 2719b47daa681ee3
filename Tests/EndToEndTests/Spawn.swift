import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts programs with posix_spawn and reaps them with waitpid. Foundation's `Process`
/// waits through a run loop and a SIGCHLD source, which can miss a child when many tests
/// spawn at once (and a daemonising child such as the tmux server makes it wait forever);
/// plain waitpid cannot. Output goes to temporary files, so no pipe can fill up and block.
enum Spawn {
    struct Running {
        let pid: pid_t
        let stdoutPath: String
        let stderrPath: String
    }

    static func start(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                      stdin: String? = nil) throws -> Running {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spawn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let inPath = dir.appendingPathComponent("in").path
        let outPath = dir.appendingPathComponent("out").path
        let errPath = dir.appendingPathComponent("err").path
        _ = FileManager.default.createFile(atPath: inPath, contents: Data((stdin ?? "").utf8))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Children start with no signals blocked, whatever this test thread has blocked.
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))

        // Sanitiser settings (`make check`'s suppression files) reach every child, even one
        // started with an environment of its own.
        var chosen = environment ?? ProcessInfo.processInfo.environment
        for key in ["ASAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS"] where chosen[key] == nil {
            chosen[key] = ProcessInfo.processInfo.environment[key]
        }
        let env = chosen.map { "\($0.key)=\($0.value)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard rc == 0 else {
            throw NSError(domain: "Spawn", code: Int(rc), userInfo: [NSLocalizedDescriptionKey: "cannot start \(executable): \(String(cString: strerror(rc)))"])
        }
        return Running(pid: pid, stdoutPath: outPath, stderrPath: errPath)
    }

    static func wait(_ running: Running) -> Harness.Result {
        var status: Int32 = 0
        while waitpid(running.pid, &status, 0) == -1 && errno == EINTR {}
        let exited = status & 0x7f == 0
        let code = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let out = (try? String(contentsOfFile: running.stdoutPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: running.stderrPath, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: (running.stdoutPath as NSString).deletingLastPathComponent)
        return Harness.Result(status: code, stdout: out, stderr: err)
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    stdin: String? = nil) throws -> Harness.Result {
        wait(try start(executable, arguments, environment: environment, stdin: stdin))
    }
}
