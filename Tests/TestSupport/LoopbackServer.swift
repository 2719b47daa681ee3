import Foundation

/// Small servers on 127.0.0.1 for the mail and gateway tests of every test target: each
/// a python3 script that prints its port once it listens (no guessing, no waiting) and is
/// killed when the test ends.
public final class LoopbackServer {
    public let process = Process()
    public let port: Int

    public init(script: String, arguments: [String], in dir: URL) throws {
        let file = dir.appendingPathComponent("server-\(UUID().uuidString.prefix(6)).py")
        try script.write(to: file, atomically: true, encoding: .utf8)
        // The system python: it has aiosmtpd (Debian python3-aiosmtpd).
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [file.path] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            throw NSError(domain: "LoopbackServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(file.lastPathComponent) did not start"])
        }
        self.port = port
    }

    // SIGKILL: the test process's threads block SIGTERM, and children inherit the mask.
    deinit { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }

    /// An msmtp configuration (0600, as msmtp requires) sending to the loopback SMTP server
    /// on `port`, for `--sendmail "/usr/bin/msmtp -C PATH -t -i"`.
    public static func msmtpConfig(port: Int, in dir: URL) throws -> URL {
        let file = dir.appendingPathComponent("msmtprc")
        try "defaults\nauth off\ntls off\naccount default\nhost 127.0.0.1\nport \(port)\nfrom support@wallet.example\n"
            .write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        return file
    }

    /// aiosmtpd storing what it receives in `maildir` (Mailbox writes each message before
    /// it answers 250).
    public static func smtp(maildir: String, in dir: URL) throws -> LoopbackServer {
        try LoopbackServer(script: """
            import asyncio, sys
            from aiosmtpd.smtp import SMTP
            from aiosmtpd.handlers import Mailbox
            async def main():
                loop = asyncio.get_running_loop()
                server = await loop.create_server(lambda: SMTP(Mailbox(sys.argv[1])), "127.0.0.1", 0)
                print(server.sockets[0].getsockname()[1], flush=True)
                await server.serve_forever()
            asyncio.run(main())
            """, arguments: [maildir], in: dir)
    }
}

/// An SMTP server on loopback and what it has received.
public final class LoopbackSMTPServer {
    public let maildir: URL
    private let server: LoopbackServer
    public var port: Int { server.port }

    public init(in dir: URL) throws {
        maildir = dir.appendingPathComponent("received")
        server = try LoopbackServer.smtp(maildir: maildir.path, in: dir)
    }

    /// The messages received so far, oldest name first.
    public func received() -> [Data] {
        let new = maildir.appendingPathComponent("new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: new.path)) ?? []
        return names.sorted().compactMap { FileManager.default.contents(atPath: new.appendingPathComponent($0).path) }
    }
}
