import Foundation
import SupportCore
import Testing
@testable import SupportStore

/// Issue 17, findings 6 and 11: scratch files were created in a shared /tmp with
/// `0666 & ~umask` and narrowed afterwards (an inotify reader caught drafts), and the
/// outbox drain wrote into whatever file already stood at its path.
@Suite struct PrivateFileTests {
    private func scratchDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-private-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    private func mode(_ path: String) -> Int {
        var info = stat()
        return lstat(path, &info) == 0 ? Int(info.st_mode & 0o7777) : -1
    }

    @Test func temporaryFilesAreBornPrivateInAnOwnerOnlyFolderNeverSharedTmp() throws {
        let home = try scratchDir()
        // A runtime dir others can enter (here: /tmp itself) is not used; the fallback is ours.
        let folder = try PrivateFolder.scratch(environment: ["XDG_RUNTIME_DIR": "/tmp", "HOME": home])
        #expect(folder == home + "/.cache/paydesk/tmp")
        #expect(mode(folder) == 0o700)
        let runtime = try scratchDir()
        chmod(runtime, 0o700)
        #expect(try PrivateFolder.scratch(environment: ["XDG_RUNTIME_DIR": runtime, "HOME": home]) == runtime + "/paydesk")

        // The editor's draft: not under /tmp, 0600 from the start, content intact.
        let draft = try PrivateFolder.newFile(prefix: "draft", extension: "txt", contents: Data("Halo Bu Sri".utf8))
        defer { unlink(draft) }
        #expect(!draft.hasPrefix("/tmp/") && !draft.hasPrefix(NSTemporaryDirectory()))
        #expect(mode(draft) == 0o600)
        #expect(FileManager.default.contents(atPath: draft) == Data("Halo Bu Sri".utf8))

        // Never into something already there: a planted file or a planted link.
        let planted = folder + "/planted"
        #expect(FileManager.default.createFile(atPath: planted, contents: Data("theirs".utf8)))
        #expect(throws: PrivateFile.Failure.self) { try PrivateFile.write(Data("ours".utf8), to: planted, mode: 0o600) }
        #expect(FileManager.default.contents(atPath: planted) == Data("theirs".utf8))
        let link = folder + "/link"
        symlink(planted, link)
        #expect(throws: PrivateFile.Failure.self) { try PrivateFile.write(Data("ours".utf8), to: link, mode: 0o600) }
        #expect(FileManager.default.contents(atPath: planted) == Data("theirs".utf8))

        // A folder at the fallback path that others can enter is refused, not used.
        let open = try scratchDir()
        try FileManager.default.createDirectory(atPath: open + "/.cache/paydesk/tmp", withIntermediateDirectories: true)
        chmod(open + "/.cache/paydesk/tmp", 0o777)
        #expect(throws: PrivateFile.Failure.self) { _ = try PrivateFolder.scratch(environment: ["HOME": open]) }

        // Replacing an output file goes through a private file and a rename; a device or
        // fifo standing at the path is refused.
        let out = folder + "/report.json"
        try PrivateFile.replace(out, with: Data("{}".utf8), mode: 0o600)
        #expect(mode(out) == 0o600)
        let fifo = folder + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: PrivateFile.Failure.self) { try PrivateFile.replace(fifo, with: Data("x".utf8)) }
        #expect(mode(fifo) != -1)
    }

    @Test func outboxDrainNeverWritesIntoAPlantedFile() throws {
        let t = try TempStore()
        let c = try t.cast()
        try t.store.forceCredentialReset(customerId: c.customer, reason: "forgot PIN", by: c.a)
        let dir = t.dir.appendingPathComponent("deliveries").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        chmod(dir, 0o700)
        // Someone put a file and, for the next message, a link where delivery will write.
        let canonical = dir + "/outbox-000001-sms.txt"
        #expect(FileManager.default.createFile(atPath: canonical, contents: Data("planted".utf8)))
        let target = t.dir.appendingPathComponent("victim").path
        #expect(FileManager.default.createFile(atPath: target, contents: Data("keep".utf8)))
        symlink(target, dir + "/outbox-000001-sms.2.txt")

        let report = try t.store.drainOutbox(to: dir, by: c.admin)
        let delivered = try #require(report.delivered.first).path
        #expect(delivered == dir + "/outbox-000001-sms.3.txt")
        #expect(FileManager.default.contents(atPath: canonical) == Data("planted".utf8))
        #expect(FileManager.default.contents(atPath: target) == Data("keep".utf8))
        #expect(mode(delivered) == 0o600)
        #expect(try String(contentsOfFile: delivered, encoding: .utf8).contains("Kode verifikasi"))

        // A delivery folder others can write into is refused outright.
        try t.store.forceCredentialReset(customerId: c.customer, reason: "again", by: c.a)
        let shared = t.dir.appendingPathComponent("shared").path
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        chmod(shared, 0o777)
        #expect(refusal { _ = try t.store.drainOutbox(to: shared, by: c.admin) }?.kind == .forbidden)
        #expect(try FileManager.default.contentsOfDirectory(atPath: shared).isEmpty)
    }
}
