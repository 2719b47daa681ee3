import Foundation

/// Runs the sendmail command with the message on its standard input. Exit status 0 is
/// accepted for delivery (the mail system now owns the message); anything else, or no
/// answer within the timeout, is a failed attempt whose reason is the command's first
/// line of error output.
enum Sendmail {
    static func run(_ command: [String], input: Data, timeout: TimeInterval) -> Result<Void, DeliveryProblem> {
        guard let executable = command.first else { return .failure(.init(reason: "no sendmail command configured")) }
        // A command that exits before reading all of its input must not take this
        // process down with SIGPIPE; the write fails instead and the exit status tells.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(command.dropFirst())
        let stdin = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr
        // Woken by the exit itself: polling for it added up to a poll interval to every message.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do { try process.run() } catch {
            return .failure(.init(reason: "cannot run \(executable): \(error.localizedDescription)"))
        }
        // A command that exits early closes its end; writing then fails, and its exit
        // status below says why.
        try? stdin.fileHandleForWriting.write(contentsOf: input)
        try? stdin.fileHandleForWriting.close()
        // Error output is read while waiting, so a chatty command cannot fill the pipe and stall.
        let errorsRead = stderr.fileHandleForReading.readDataToEndOfFileAsync()
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            // SIGKILL: the child may inherit a signal mask that blocks SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return .failure(.init(reason: "\(executable) did not finish within \(Int(timeout)) s"))
        }
        process.waitUntilExit()
        let errors = String(decoding: errorsRead(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let first = errors.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            let reason = "\((executable as NSString).lastPathComponent) exited with status \(process.terminationStatus)"
                + (first.isEmpty ? "" : ": " + String(first.prefix(300)))
            return .failure(.init(reason: reason))
        }
        return .success(())
    }
}

private extension FileHandle {
    /// Reads to end of file on a background thread; the returned function waits for it.
    func readDataToEndOfFileAsync() -> () -> Data {
        let box = DataBox()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread { box.data = self.readDataToEndOfFile(); done.signal() }
        return { done.wait(); return box.data }
    }
}

private final class DataBox: @unchecked Sendable { var data = Data() }
