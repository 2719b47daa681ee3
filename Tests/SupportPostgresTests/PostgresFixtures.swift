import Foundation
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

extension PostgresLocation {
    /// The address as `paydesk --to` takes it (a Unix socket folder as `?host=`).
    var uri: String {
        guard case .socket(let folder, let port) = endpoint else { return description }
        return "postgresql://\(user)@/\(database)?host=\(folder)&port=\(port)"
    }
}
