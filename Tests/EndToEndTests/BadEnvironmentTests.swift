import Foundation
import GRDB
import SupportStore
import Testing

/// paydesk started where it cannot work well: a terminal too small, an unknown or `dumb`
/// TERM, no UTF-8 locale, a database folder that is missing or read-only, a database from
/// a newer paydesk, a file that is not a paydesk database, a full disk, a lock held by
/// someone else. Each time: one clear sentence, the right exit status, nothing lost.
@Suite(.serialized) struct BadEnvironmentTests {
    static var isRoot: Bool { geteuid() == 0 }

    /// The one line paydesk printed on stderr (and that there was only one).
    func sentence(_ r: Harness.Result) -> String {
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "expected one line on stderr, got:\n\(r.stderr)")
        return String(lines.first ?? "")
    }

    func bytes(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }

    // MARK: the terminal

    @Test func aTerminalBelowTheMinimumSaysSoAndKeepsTheDraft() throws {
        let db = try Harness.demoDatabase()
        let s = try TmuxSession(command: "\(Harness.binary) --db \(db) --as sari", width: 100, height: 30)
        #expect(try s.waitFor("Queue").found)
        try s.send("Enter")
        try s.send("r"); try s.type("Mohon maaf atas kendalanya")
        #expect(try s.waitFor("Mohon maaf atas kendalanya").found)
        try s.resize(width: 70, height: 20)
        let small = try s.waitFor("terminal too small (need 80x24, have 70x20)")
        #expect(small.found, "\(small.screen)")
        try s.resize(width: 100, height: 30)
        let back = try s.waitFor("Mohon maaf atas kendalanya")
        #expect(back.found, "the reply being written was lost:\n\(back.screen)")
        // A key sent right after Esc would arrive as Alt-key: wait for each step to show.
        try s.send("Escape")
        #expect(try s.waitFor("Throw this reply away").found)
        try s.send("y")
        #expect(try s.waitFor("Draft thrown away").found)
        try s.send("Escape")
        #expect(try s.waitForScreen { !$0.contains("Esc close") && $0.contains("Queue") }.found)
        try s.send("q")
        let exit = s.waitForExit()
        let last = try s.capture()
        #expect(exit == 0, "\(last)")
    }

    @Test(arguments: [("dumb", "TERM is dumb"), (nil, "TERM is unset")])
    func aDumbOrMissingTermIsRefused(term: String?, expected: String) throws {
        let db = try Harness.demoDatabase()
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        env["TERM"] = term
        let r = try Spawn.run(Harness.binary, ["--db", db, "--as", "sari"], environment: env)
        #expect(r.status == 2)
        let line = sentence(r)
        #expect(line.contains(expected) && line.contains("TERM=xterm-256color"), "\(line)")
    }

    @Test func noTerminalAtAllIsRefused() throws {
        let db = try Harness.demoDatabase()
        let r = try Harness.run(["--db", db, "--as", "sari"], environment: ["TERM": "xterm-256color"])
        #expect(r.status == 2)
        #expect(sentence(r).contains("needs a terminal"))
    }

    @Test func anUnknownTermIsRefusedAndTheTerminalIsLeftAlone() throws {
        let db = try Harness.demoDatabase()
        // The shell stays after paydesk ends, so the pane can be read.
        let s = try TmuxSession(command: "sh -c '\(Harness.binary) --db \(db) --as sari; echo EXIT=$?; sleep 60'",
                                width: 120, height: 20, environment: ["TERM": "no-such-terminal"])
        let (ended, screen) = try s.waitFor("EXIT=")
        #expect(ended)
        #expect(screen.contains("EXIT=1"), "\(screen)")
        #expect(screen.contains("The terminal type \"no-such-terminal\" is unknown to ncurses"), "\(screen)")
        #expect(screen.contains("xterm-256color"))
        // Nothing but the sentence and the exit line: ncurses never took the screen over.
        #expect(screen.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count <= 3, "\(screen)")
    }

    /// The console opened on the demo with `environment`, once its status line says `note`
    /// over a drawn queue: an environment it cannot use whole is named, and it works on.
    func consoleSaying(_ note: String, environment: [String: String]) throws -> (session: TmuxSession, screen: String) {
        let db = try Harness.demoDatabase()
        let s = try TmuxSession(command: "\(Harness.binary) --db \(db) --as sari", width: 160, height: 40, environment: environment)
        let shown = try s.waitFor(note)
        #expect(shown.found, "\(shown.screen)")
        #expect(shown.screen.contains("Queue"))
        return (s, shown.screen)
    }

    @Test func withoutAUTF8LocaleTheConsoleSaysWhyAndWorks() throws {
        let (s, screen) = try consoleSaying("is not UTF-8", environment: ["LANG": "C", "LC_ALL": "C"])
        #expect(screen.contains("LANG=C.UTF-8"))
        try s.send("q")
        #expect(s.waitForExit() == 0)
    }

    /// A mistyped `ESCDELAY` is named on the status line and the default wait kept; the
    /// console still works, and Esc still closes what it opened.
    @Test func aBadEscapeDelayIsNamedAndTheDefaultKept() throws {
        let (s, _) = try consoleSaying("ESCDELAY (25ms) is not a number of milliseconds from 0 to 1000; Esc waits 25 ms",
                                       environment: ["LANG": "C.UTF-8", "ESCDELAY": "25ms"])
        try s.send("?")
        #expect(try s.waitFor("Keys").found)
        try s.send("Escape")
        let closed = try s.waitForScreen { !$0.contains("Keys") && $0.contains("Queue") }
        #expect(closed.found, "\(closed.screen)")
        try s.send("q")
        #expect(s.waitForExit() == 0)
    }

    // MARK: the database file

    @Test func aMissingFolderOrFileIsNamed() throws {
        let missingFolder = try Harness.run(["ticket", "list", "--db", "/nonexistent-\(UUID())/paydesk.sqlite", "--as", "sari"])
        #expect(missingFolder.status == 3)
        #expect(sentence(missingFolder).contains("does not exist"))
        let dir = try Harness.tempDir()
        let missingFile = try Harness.run(["ticket", "list", "--db", dir.appendingPathComponent("none.sqlite").path, "--as", "sari"])
        #expect(missingFile.status == 3)
        #expect(sentence(missingFile).contains("paydesk init"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "nothing is created by accident")
    }

    @Test func aReadOnlyFolderRefusesWritesAndKeepsTheData() throws {
        let db = try Harness.demoDatabase()
        let folder = (db as NSString).deletingLastPathComponent
        let before = bytes(db)
        let args = ["ticket", "note", "#1001", "--body", "ditulis saat read-only", "--db", db, "--as", "budi"]
        let r: Harness.Result
        if Self.isRoot {
            // root writes anywhere, so run as nobody on a file nobody may only read.
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
            r = try Spawn.run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", Harness.binary] + args,
                              environment: ["LANG": "C.UTF-8"])
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder)
            r = try Harness.run(args)
        }
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder) }
        #expect(r.status == 1)
        let line = sentence(r)
        #expect(line.contains("Cannot open") && line.contains("write access to the file and its folder"), "\(line)")
        #expect(bytes(db) == before, "the database changed")
    }

    @Test func aDatabaseFromANewerPaydeskIsRefusedUntouched() throws {
        let db = try Harness.demoDatabase()
        try DatabaseQueue(path: db).write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-from-the-future')") }
        let before = bytes(db)
        let r = try Harness.run(["ticket", "list", "--db", db, "--as", "sari"])
        #expect(r.status == 1)
        #expect(sentence(r).contains("written by a newer paydesk (schema v99-from-the-future); upgrade paydesk"))
        #expect(bytes(db) == before, "a refused database must not be written to")
        let again = try Harness.run(["init", "--db", db])
        #expect(again.status == 1, "init must not migrate a newer database either")
        #expect(bytes(db) == before)
    }

    @Test func filesThatAreNotPaydeskDatabasesAreRefusedUntouched() throws {
        let dir = try Harness.tempDir()
        let demo = try Harness.demoDatabase()
        var random = SystemRandomNumberGenerator()
        let cases: [(String, Data, String)] = [
            ("random.sqlite", Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &random) }), "is not a paydesk database or is damaged"),
            ("truncated.sqlite", bytes(demo).prefix(65_536), "is damaged"),
            ("text.sqlite", Data("hello, not a database\n".utf8), "is not a paydesk database or is damaged"),
            ("empty.sqlite", Data(), "is not a paydesk database (it has no paydesk tables)"),
        ]
        for (name, content, expected) in cases {
            let path = dir.appendingPathComponent(name).path
            #expect(FileManager.default.createFile(atPath: path, contents: content))
            let r = try Harness.run(["ticket", "list", "--db", path, "--as", "sari"])
            #expect(r.status == 1, "\(name)")
            #expect(sentence(r).contains(expected), "\(name): \(r.stderr)")
            #expect(bytes(path) == content, "\(name) was changed")
        }
        // Another program's SQLite database, given by mistake, gains no paydesk tables.
        let foreign = dir.appendingPathComponent("places.sqlite").path
        try DatabaseQueue(path: foreign).write { db in
            try db.execute(sql: "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places (url) VALUES ('https://example.com')")
        }
        let before = bytes(foreign)
        for args in [["ticket", "list", "--as", "sari"], ["init"]] {
            let r = try Harness.run(args + ["--db", foreign])
            #expect(r.status == 1)
            #expect(sentence(r).contains("is not a paydesk database (it has no paydesk tables); it was left untouched"))
        }
        #expect(bytes(foreign) == before)
    }

    // MARK: locks and space

    /// A tiny tmpfs stands in for a full disk (root only: mounting needs it).
    final class TinyDisk {
        let path: String
        init?(kilobytes: Int) {
            guard BadEnvironmentTests.isRoot, let dir = try? Harness.tempDir() else { return nil }
            path = dir.appendingPathComponent("disk").path
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            guard (try? Spawn.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", path]))?.status == 0 else { return nil }
        }
        /// Writes zeros until the disk refuses more.
        func fill() throws {
            _ = try Spawn.run("/bin/dd", ["if=/dev/zero", "of=\(path)/filler", "bs=4096"])
        }
        func free() { try? FileManager.default.removeItem(atPath: path + "/filler") }
        deinit { _ = try? Spawn.run("/bin/umount", ["-l", path]) }
    }

    @Test func aFullDiskRefusesWritesAndLosesNothing() throws {
        guard let disk = TinyDisk(kilobytes: 16_384) else {
            print("skipped: mounting a tmpfs needs root")
            return
        }
        let db = disk.path + "/paydesk.sqlite"
        #expect(try Harness.run(["demo", "--db", db, "--no-open"]).status == 0)
        // Fill the disk while notes are being written: every note either lands whole and is
        // acknowledged, or is refused with one sentence.
        // Leave about 1.2 MB: room for some of the forty 60 KB notes, not for all of them.
        var info = statvfs()
        #expect(statvfs(disk.path, &info) == 0)
        let freeKB = Int(UInt64(info.f_bavail) * UInt64(info.f_frsize) / 1024)
        _ = try Spawn.run("/bin/dd", ["if=/dev/zero", "of=\(disk.path)/filler", "bs=1024", "count=\(max(0, freeKB - 1_200))"])
        var acknowledged: [String] = [], refused = 0
        for i in 1...40 {
            let body = "catatan \(i) " + String(repeating: "x", count: 60_000)
            let r = try Harness.run(["ticket", "note", "1001", "--body", body, "--db", db, "--as", "sari"])
            if r.status == 0 { acknowledged.append("catatan \(i) ") } else {
                refused += 1
                #expect(r.status == 1)
                #expect(sentence(r).contains("The disk is full; nothing was written"), "\(r.stderr)")
            }
        }
        #expect(refused > 0, "the disk never filled up")
        disk.free()
        let store = try SupportStore(path: db, create: false)
        #expect(try store.integrityCheck() == "ok")
        let notes = try store.timeline(ticketNumber: 1001).filter { $0.kind == .note }.map(\.body)
        for prefix in acknowledged { #expect(notes.contains { $0.hasPrefix(prefix) }, "acknowledged \(prefix)is gone") }
        #expect(notes.count == acknowledged.count, "a refused note was written after all")

        // Full before paydesk even starts: with the WAL emptied, there is no room to open.
        try DatabaseQueue(path: db).writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try disk.fill()
        let atOpen = try Harness.run(["ticket", "note", "1001", "--body", "tidak muat", "--db", db, "--as", "sari"])
        #expect(atOpen.status == 1)
        #expect(sentence(atOpen).contains("The disk is full; nothing was written"), "\(atOpen.stderr)")
        disk.free()
        #expect(try !store.timeline(ticketNumber: 1001).contains { $0.body == "tidak muat" })
        let roomAgain = try Harness.run(["ticket", "note", "1001", "--body", "ada ruang lagi", "--db", db, "--as", "sari"])
        #expect(roomAgain.status == 0, "\(roomAgain.stderr)")
        #expect(try Harness.run(["audit", "verify", "--db", db, "--as", "sari"]).status == 0)
    }

    /// An export that runs out of space leaves the previous file as it was and no
    /// half-written file beside it.
    @Test(.enabled(if: Harness.hasTxExport)) func aFullDiskDuringExportKeepsThePreviousFile() throws {
        guard let disk = TinyDisk(kilobytes: 64) else {
            print("skipped: mounting a tmpfs needs root")
            return
        }
        let db = try Harness.demoDatabase()
        let wallet = try SupportStore(path: db, create: false).customer(id: 1).walletId
        let out = disk.path + "/statement.pdf"
        let previous = Data("the statement sent last month\n".utf8)
        #expect(FileManager.default.createFile(atPath: out, contents: previous))
        let r = try Harness.run(["tx", "export", "--customer", wallet, "--format", "pdf", "--out", out, "--reason", "customer asked for a statement", "--db", db, "--as", "budi"])
        #expect(r.status == 1)
        let line = sentence(r)
        #expect(line.lowercased().contains("space") || line.lowercased().contains("full"), "\(line)")
        #expect(bytes(out) == previous, "the previous export was damaged")
        let left = try FileManager.default.contentsOfDirectory(atPath: disk.path)
        #expect(left == ["statement.pdf"], "a half-written export was left behind: \(left)")
    }

    /// Another process holding the write lock for a while makes a command wait, not fail.
    @Test func aLockHeldElsewhereIsWaitedOut() throws {
        let db = try Harness.demoDatabase()
        let holder = try DatabaseQueue(path: db)
        let locked = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? holder.inTransaction(.immediate) { _ in
                locked.signal()
                usleep(1_500_000)
                return .commit
            }
            done.signal()
        }
        locked.wait()
        let started = Date()
        let r = try Harness.run(["ticket", "note", "#1001", "--body", "menunggu kunci", "--db", db, "--as", "budi"])
        done.wait()
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Date().timeIntervalSince(started) >= 1.0, "the command should have waited for the lock")
        let store = try SupportStore(path: db, create: false)
        #expect(try store.timeline(ticketNumber: 1001).contains { $0.body == "menunggu kunci" })
    }
}
