import Foundation
import TestSupport
import SupportPostgres
import SupportStore

/// A demo SQLite database in a temporary folder (its audit key beside it), the source
/// the migration tests copy.
struct DemoSource {
    let dir: URL
    let store: SupportStore
    var path: String { store.path }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("pd-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try SupportStore(path: dir.appendingPathComponent("demo.sqlite").path,
                                 clock: { Date(timeIntervalSince1970: 1_795_575_600) })
        try store.generateDemo(seed: 7)
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }
}

/// The paydesk binary built with these tests.
enum PaydeskBinary {
    static var path: String {
        let beside = Bundle.main.executableURL.map { $0.deletingLastPathComponent().appendingPathComponent("paydesk").path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [beside].compactMap { $0 } + [root.appendingPathComponent(".build/debug/paydesk").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }
}

/// The demo database copied into a fresh PostgreSQL database: tickets, agents and an
/// audit chain to work on, signed with the demo's key.
struct MigratedDemo {
    let source: DemoSource
    let location: PostgresLocation
    var keyPath: String { source.store.auditFiles.keyPath }

    static func make() async throws -> MigratedDemo {
        let source = try DemoSource()
        let location = try await PostgresCluster.freshDatabase()
        let pool = PostgresPool(location, maximumConnections: 2)
        let report = try await SQLiteImport(source: source.store, target: pool).run()
        await pool.close()
        guard report.isComplete else { throw ClusterError("the demo did not arrive complete: \(report.tables.filter { !$0.matches })") }
        return MigratedDemo(source: source, location: location)
    }

    func open(connections: Int = 10) async throws -> PostgresStore {
        try await PostgresStore.open(location, auditKeyPath: keyPath, maximumConnections: connections)
    }
}
