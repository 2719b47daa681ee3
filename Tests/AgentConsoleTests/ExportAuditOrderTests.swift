import Foundation
import SupportCore
import SupportExport
import SupportReports
import SupportStore
import Testing
@testable import AgentConsole

/// Issue 17, finding 5: the file was renamed into place before the audit write, so a
/// kill -9 between the two left a complete export with no record, and a kill mid-write
/// left a hidden partial file that nobody removed.
/// Set from the export's progress callback, which runs on the exporting thread.
private final class Flag: @unchecked Sendable { var value = false }

@Suite struct ExportAuditOrderTests {
    private func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-export-order-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func exportIsAuditedBeforeTheFileExistsAndAFailedCompletionLeavesNoFile() throws {
        let c = try HeadlessConsole()
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let customer = try #require(c.state.transactions.customerId)
        let out = dir.appendingPathComponent("s.csv")
        let export = TransactionExport(customerId: customer, query: Query(source: "", terms: []), format: .csv,
                                       destination: out, actor: c.state.actor, reason: "statement for the customer")
        // While rows are being written — the moment a kill -9 could strike — the record
        // naming the file is already committed and the file does not exist yet.
        let store = c.store
        let seenWhileWriting = Flag()
        _ = try export.run(client: c.controller.client) { progress in
            guard progress.phase == .writing, !seenWhileWriting.value else { return }
            seenWhileWriting.value = true
            let started = try store.auditRecords(entity: "customer", entityId: String(customer), limit: 10)
                .first { $0.action == "transactions.export.started" }
            #expect(started?.after?.contains("path=\"\(out.path)\"") == true)
            #expect(started?.reason == "statement for the customer")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
        #expect(seenWhileWriting.value)
        #expect(try c.store.exportRecords(customerId: customer).count == 1)

        // The agent is disabled while the rows are written: the completion is refused,
        // the published file removed again, and both the start and the refusal are on record.
        let second = dir.appendingPathComponent("t.csv")
        let late = TransactionExport(customerId: customer, query: Query(source: "", terms: []), format: .csv,
                                     destination: second, actor: c.state.actor, reason: "statement for the customer")
        let root = try #require(try c.store.agents().first { $0.role == .admin && $0.active })
        let disabled = Flag()
        #expect(throws: StoreError.self) {
            _ = try late.run(client: c.controller.client) { progress in
                guard progress.phase == .writing, !disabled.value else { return }
                disabled.value = true
                try store.setAgentActive(login: "sari", active: false, by: root)
            }
        }
        #expect(!FileManager.default.fileExists(atPath: second.path))
        let records = try c.store.auditRecords(entity: "customer", entityId: String(customer), limit: 20).map(\.action)
        #expect(records.filter { $0 == "transactions.export.started" }.count == 2)
        // The refusal lands where it is caught: the store's own check on the completion, or,
        // since every request re-reads the agent first, the identity check before it.
        let identity = try c.store.auditRecords(entity: "agent", entityId: "sari", limit: 20).map(\.action)
        #expect(records.contains("refused:transactions.export") || identity.contains("refused:identity.disabled"), "\(records) \(identity)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["s.csv"])
    }

    @Test func abandonedPartialFilesOfDeadWritersAreRemovedOnTheNextExport() throws {
        let c = try HeadlessConsole()
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let customer = try #require(c.state.transactions.customerId)
        // What kill -9 mid-write leaves: our hidden name, with the pid of a process that is gone.
        let dead = dir.appendingPathComponent(".s.csv.paydesk-2147483646.Ab12Cd").path
        let alive = dir.appendingPathComponent(".s.csv.paydesk-1.Ef34Gh").path      // pid 1 never exits
        let foreign = dir.appendingPathComponent(".s.csv.keep-me").path
        for path in [dead, alive, foreign] {
            #expect(FileManager.default.createFile(atPath: path, contents: Data("half".utf8)))
        }
        let export = TransactionExport(customerId: customer, query: Query(source: "", terms: []), format: .csv,
                                       destination: dir.appendingPathComponent("s.csv"), actor: c.state.actor,
                                       reason: "statement for the customer")
        _ = try export.run(client: c.controller.client)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(left == [".s.csv.keep-me", ".s.csv.paydesk-1.Ef34Gh", "s.csv"])
    }
}

/// Issue 17, finding 11: `tx export` as root replaced a device node. Only a regular file
/// or nothing may stand at the destination.
@Suite struct ExportDestinationTests {
    @Test func exportRefusesADestinationThatIsNotARegularFile() throws {
        let c = try HeadlessConsole()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-export-dest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let customer = try #require(c.state.transactions.customerId)
        let fifo = dir.appendingPathComponent("out.csv")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let link = dir.appendingPathComponent("link.csv")
        #expect(symlink("/dev/null", link.path) == 0)
        for destination in [fifo, link] {
            let export = TransactionExport(customerId: customer, query: Query(source: "", terms: []), format: .csv,
                                           destination: destination, actor: c.state.actor, reason: "statement")
            #expect(throws: ExportError.self) { _ = try export.run(client: c.controller.client) }
        }
        var info = stat()
        #expect(lstat(fifo.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
        #expect(lstat(link.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["link.csv", "out.csv"])
    }
}
