import Foundation
import SupportCore

extension FileModes {
    /// This process's setting, read once where the store meets the operating system: the
    /// files a process creates share one mode, whichever service writes them.
    public static let process = FileModes(environment: ProcessInfo.processInfo.environment)
}
