import Foundation
import GRDB
import SupportStore
import Testing

/// Files paydesk creates hold customer data: owner-only (0600 files, 0700 folders), or
/// shared with the team's group when `PAYDESK_GROUP_SHARED=1` (0660 files, 2770 folders).
@Suite(.serialized) struct HardeningPermissionsTests {
    static func mode(_ path: String) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { return -1 }
        return Int(info.st_mode) & 0o7777
    }

    /// Creates a database in a new nested folder, with a connection held open so that the
    /// `-wal` and `-shm` files exist too; returns the modes of everything created.
    static func create(_ args: [String], environment: [String: String] = [:]) throws -> [String: Int] {
        let root = try Harness.tempDir()
        let folder = root.appendingPathComponent("team/desk")
        let db = folder.appendingPathComponent("paydesk.sqlite").path
        let r = try Harness.run(args + ["--db", db], environment: environment)
        #expect(r.status == 0, "\(r.stderr)")
        let pool = try DatabasePool(path: db)
        try pool.write { try $0.execute(sql: "UPDATE meta SET value = value WHERE key = 'x'") }
        var modes = ["team": mode(root.appendingPathComponent("team").path), "desk": mode(folder.path), "db": mode(db)]
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: db + suffix) {
            modes[suffix] = mode(db + suffix)
        }
        try pool.close()
        return modes
    }

    @Test(arguments: [["init"], ["demo", "--no-open"]])
    func databasesAreOwnerOnly(_ args: [String]) throws {
        let modes = try Self.create(args)
        #expect(modes["team"] == 0o700 && modes["desk"] == 0o700, "\(modes)")
        #expect(modes["db"] == 0o600, "\(modes)")
        #expect(modes["-wal"] == 0o600 && modes["-shm"] == 0o600, "\(modes)")
    }

    @Test(arguments: [["init"], ["demo", "--no-open"]])
    func groupSharedDatabasesAreGroupReadableAndWritable(_ args: [String]) throws {
        let modes = try Self.create(args, environment: ["PAYDESK_GROUP_SHARED": "1"])
        // setgid on the folders: files created in them by teammates get the team's group.
        #expect(modes["team"] == 0o2770 && modes["desk"] == 0o2770, "\(modes)")
        #expect(modes["db"] == 0o660, "\(modes)")
        #expect(modes["-wal"] == 0o660 && modes["-shm"] == 0o660, "\(modes)")
    }

    @Test(.enabled(if: Harness.hasTxExport), arguments: [nil, "1"])
    func exportsFollowTheSameRule(groupShared: String?) throws {
        let db = try Harness.demoDatabase()
        let wallet = try SupportStore(path: db, create: false).customer(id: 4).walletId
        let out = try Harness.tempDir().appendingPathComponent("statement.csv").path
        let env = groupShared.map { ["PAYDESK_GROUP_SHARED": $0] } ?? [:]
        let r = try Harness.run(["tx", "export", "--customer", wallet, "--format", "csv", "--out", out, "--reason", "customer asked for a statement", "--db", db, "--as", "budi"],
                                environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.mode(out) == (groupShared == nil ? 0o600 : 0o660))
    }

    @Test func aPermissiveUmaskDoesNotWidenTheDatabase() throws {
        // A permissive umask must not leak into what paydesk creates.
        let root = try Harness.tempDir()
        let db = root.appendingPathComponent("wide/paydesk.sqlite").path
        let r = try Spawn.run("/bin/sh", ["-c", "umask 000; exec \"$0\" init --db \"$1\"", Harness.binary, db],
                              environment: ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.mode(root.appendingPathComponent("wide").path) == 0o700)
        #expect(Self.mode(db) == 0o600)
    }
}
