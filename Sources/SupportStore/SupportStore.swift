import Foundation
import GRDB
import SupportCore

/// The one type that owns the database. Reads go through the pool's readers (or, for a
/// store opened to read, one read-only connection: `StoreConnections`); every write is one
/// IMMEDIATE transaction that checks the actor, changes rows and appends its audit record,
/// retried with a short back-off while another process holds the lock.
public final class SupportStore: Sendable {
    let connections: StoreConnections
    /// GRDB's pool, which every write goes through: opened with the store, or, for a store
    /// opened to read, by the first write.
    var pool: DatabasePool { get throws { try connections.pool() } }
    public let path: String
    /// Injected so tests and the demo can pin "now".
    public let clock: @Sendable () -> Date
    /// The audit chain's key and checkpoint file, outside the database.
    public let auditFiles: AuditFiles
    let auditKey: AuditKey
    let checkpointMark = CheckpointMark()
    public let dashboardMemo = DashboardMemo()
    public let totalsMemo = TotalsMemo()
    /// `PRAGMA data_version` on a connection of its own: the memos' `changeVersion`.
    let dataVersion = DataVersionProbe()
    /// The log's checkpoints, run beside the writes rather than in one of them.
    let logCheckpointer: LogCheckpointer

    /// `auditFiles` defaults to `AuditFiles.beside(database:)` (`$PAYDESK_AUDIT_KEY`,
    /// `$PAYDESK_AUDIT_CHECKPOINTS`, else `<db>.audit-key` and `<db>.audit-checkpoints`).
    /// `readMostly` opens an existing file for a command that reads: its reads go through
    /// one read-only connection and the writer opens only if it writes (`StoreConnections`).
    public init(path: String, create: Bool = true, readMostly: Bool = false, clock: @escaping @Sendable () -> Date = { Date() },
                auditFiles: AuditFiles? = nil) throws {
        self.path = path
        self.clock = clock
        self.auditFiles = auditFiles ?? AuditFiles.beside(database: path)
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) || !isDir.boolValue {
            if create {
                do {
                    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                            attributes: [.posixPermissions: FileModes.process.folder])
                    chmod(dir, mode_t(FileModes.process.folder))   // the umask may have narrowed it
                } catch {
                    throw StoreError(.other, "Cannot create the database folder \(dir): \(error.localizedDescription).")
                }
            } else {
                throw StoreError(.notFound, "The database folder \(dir) does not exist.")
            }
        }
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && !create {
            throw StoreError(.notFound, "No database at \(path); create one with `paydesk init --db \(path)` or `paydesk demo`.")
        }
        var reader: DatabaseQueue?
        if exists {
            let probed = try Self.probe(path, create: create)
            // Kept as the reader of a store opened to read; otherwise closed here.
            if readMostly { reader = probed }
        }
        // Checked only after the probe, so a foreign or newer file gets no key beside it.
        let key = try Self.openAuditKey(self.auditFiles, database: path, exists: exists)
        auditKey = key
        if !exists {
            // Customer data: the file is owner-only unless the team shares it (FileModes);
            // SQLite gives the -wal and -shm files the same mode.
            let old = umask(0o077)
            defer { umask(old) }
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: FileModes.process.file])
        }
        let checkpointer = LogCheckpointer(path: path)
        logCheckpointer = checkpointer
        var config = Configuration()
        // About 5 s of waiting for the write lock, polled every 0.2–1.2 ms with jitter.
        // SQLite's own timeout handler backs off to 100 ms sleeps, and a writer asleep that
        // long starves behind busy ones (the soak saw a console wait 5.3 s; with this, 1.3 s).
        config.busyMode = .callback { tries in
            usleep(useconds_t(200 + Int.random(in: 0..<1_000)))
            return tries < 7_000
        }
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Deleted and overwritten content is zeroed, not left in free space (codes,
            // revealed contact data in a rolled-back page).
            try db.execute(sql: "PRAGMA secure_delete = ON")
            db.add(function: Self.auditMAC(key))
            checkpointer.install(on: db)
        }
        if readMostly, let reader {
            reader.inDatabase { db in db.add(function: Self.auditMAC(key)) }
            connections = StoreConnections(reader: reader, path: path, configuration: config)
        } else {
            connections = StoreConnections(pool: try Self.openPool(path: path, configuration: config), path: path, configuration: config)
        }
        do {
            try migrate()
        } catch let error as DatabaseError {
            throw StoreError(.other, Self.describe(error, path: path))
        }
        try adoptAuditKey()
        try adoptDeliveryKey()
        if create { try recordAuditLogStarted() }
    }

    /// The SQL function that keys the audit chain's hashes, on every connection.
    private static func auditMAC(_ key: AuditKey) -> DatabaseFunction {
        DatabaseFunction(AuditChain.macFunction, argumentCount: 1, pure: true) { values in
            key.mac(Data.fromDatabaseValue(values[0]) ?? Data())
        }
    }

    /// Looks at an existing file read-only before anything can write to it: opening a pool
    /// switches the file to WAL and writes (GRDB creates and drops a table), and migrating
    /// would add paydesk's tables to any SQLite file given by mistake. A file from a newer
    /// paydesk is refused here too, untouched. Only `create` may adopt a database that holds
    /// no tables at all (an empty file, or an `init` killed before its first migration).
    /// Returns the read-only connection it looked through.
    static func probe(_ path: String, create: Bool) throws -> DatabaseQueue {
        var config = Configuration()
        config.readonly = true
        // A crashed writer's WAL is recovered by the next opener, under a lock: wait for it.
        config.busyMode = .timeout(5)
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            let (applied, tables) = try queue.read { db in
                (try db.tableExists("grdb_migrations") ? Set(String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")) : [],
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") ?? 0)
            }
            if applied.isEmpty && !(create && tables == 0) {
                throw StoreError(.other, "The file \(path) is not a paydesk database (it has no paydesk tables); it was left untouched.")
            }
            if let unknown = applied.subtracting(Schema.migrator.migrations).sorted().first {
                throw StoreError(.other, "The database at \(path) was written by a newer paydesk (schema \(unknown)); upgrade paydesk to open it.")
            }
            return queue
        } catch let error as DatabaseError {
            throw StoreError(.other, describe(error, path: path))
        }
    }

    /// Opening a pool can write: GRDB makes sure the `-wal` file is not empty with a
    /// tiny write transaction, which waits for another process's write lock like any
    /// write. A reader must not fail because someone else is writing, so a busy open is
    /// retried for as long as a write would be (about 5 s per attempt), not given up.
    static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        var attempt = 0
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                attempt += 1
                if attempt >= 12 { throw StoreError(.busy, "The database stayed locked by another process for a minute; try again.") }
                usleep(useconds_t(20_000 * attempt))
            } catch let error as DatabaseError {
                throw StoreError(.other, describe(error, path: path))
            }
        }
    }

    /// Migrates only when something is pending: `migrator.migrate` takes the write lock
    /// even when there is nothing to do, which made every read-only command wait on
    /// (and, after the timeout, fail behind) any other process's write.
    private func migrate() throws {
        let migrator = Schema.migrator
        let known = Set(migrator.migrations)
        let applied = try read { db in try migrator.appliedIdentifiers(db) }
        if let unknown = applied.subtracting(known).sorted().first {
            throw StoreError(.other, "The database at \(path) was written by a newer paydesk (schema \(unknown)); upgrade paydesk to open it.")
        }
        guard applied != known else { return }
        try migrator.migrate(pool)
    }

    package static func describe(_ error: DatabaseError, path: String) -> String {
        // A full disk often shows as an I/O error (the -shm file cannot grow), not SQLITE_FULL.
        if error.resultCode == .SQLITE_FULL || (error.resultCode == .SQLITE_IOERR && diskIsFull(path)) {
            return "The disk is full; nothing was written (free space where \(path) lives, then try again)."
        }
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return "The file \(path) is not a paydesk database or is damaged (\(error.message ?? "corrupt")); it was left untouched."
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
            // WAL needs to write beside the file too (-wal, -shm), so the folder matters.
            return "Cannot open \(path) for writing: \(error.message ?? "permission denied"); paydesk needs write access to the file and its folder."
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return "The database is busy in another process; try again in a moment."
        default:
            return "Database error: \(error.message ?? "\(error.resultCode)")."
        }
    }

    /// Less than 64 KiB left for this user on the file system holding `path`.
    static func diskIsFull(_ path: String) -> Bool {
        var info = statvfs()
        let folder = (path as NSString).deletingLastPathComponent
        guard statvfs(folder.isEmpty ? "." : folder, &info) == 0 else { return false }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize) < 64 << 10
    }

    // MARK: transactions

    /// Runs `body` in one IMMEDIATE transaction. SQLITE_BUSY never reaches the user as a
    /// crash: after the busy timeout the whole transaction is retried a few times.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                var scrub = false
                let value = try pool.writeWithoutTransaction { db in
                    var result: T?
                    try db.inTransaction(.immediate) {
                        result = try body(db)
                        return .commit
                    }
                    checkpointAudit(db)
                    scrub = writeAheadScrubPending(db)
                    return result!
                }
                if scrub { retryWriteAheadScrub() }
                return value
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                attempt += 1
                if attempt >= 4 { throw StoreError(.busy, "The database stayed busy; nothing was changed. Try again.") }
                usleep(useconds_t(50_000 * attempt))
            } catch let error as DatabaseError {
                throw StoreError(.other, Self.describe(error, path: path))
            }
        }
    }

    package func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try connections.reader.read(body)
        } catch let error as DatabaseError {
            throw StoreError(.other, Self.describe(error, path: path))
        }
    }

    // MARK: meta

    func setMeta(_ db: Database, _ key: String, _ value: String) throws {
        try db.execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [key, value])
    }

    /// The same on either engine's session: for services written on `StoreEngine`, and the seed.
    package static func setMeta(in session: any SQLSession, _ key: String, _ value: String) throws {
        try session.run("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        [key, value])
    }

    /// `PRAGMA integrity_check` result: "ok" when healthy.
    public func integrityCheck() throws -> String {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }
}

extension Date {
    package init(epoch: Int64) { self.init(timeIntervalSince1970: TimeInterval(epoch)) }
    package var epoch: Int64 { Int64(timeIntervalSince1970.rounded(.down)) }
}
