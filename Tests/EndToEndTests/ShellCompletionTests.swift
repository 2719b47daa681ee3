import Foundation
import Testing

/// `make install` installs completions for bash, zsh and fish; bash, the shell every
/// Debian machine has, completes paydesk's subcommands with them.
@Suite struct ShellCompletionTests {
    @Test func installCompletionsWritesThreeShellsAndBashCompletesSubcommands() throws {
        let root = try Harness.tempDir().path
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let make = try Spawn.run("/usr/bin/make", ["-C", repo.path, "--no-print-directory", "install-completions",
                                                   "DESTDIR=\(root)", "PREFIX=/usr", "PAYDESK_BIN=\(Harness.binary)"])
        #expect(make.status == 0, "\(make.stderr)")
        let bash = root + "/usr/share/bash-completion/completions/paydesk"
        let zsh = root + "/usr/share/zsh/site-functions/_paydesk"
        let fish = root + "/usr/share/fish/vendor_completions.d/paydesk.fish"
        for file in [bash, zsh, fish] {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.contains("ticket") && text.contains("intake"), "\(file) does not name the subcommands")
        }
        #expect(try String(contentsOfFile: zsh, encoding: .utf8).hasPrefix("#compdef paydesk"))
        // Ask bash what `paydesk tic<Tab>` and `paydesk ticket <Tab>` complete to.
        let script = """
            source \(TmuxSession.quote(bash))
            complete -p paydesk >/dev/null || exit 9
            fn=$(complete -p paydesk | sed -E 's/.*-F ([^ ]+).*/\\1/')
            COMP_WORDS=(paydesk tic); COMP_CWORD=1; COMP_LINE="paydesk tic"; COMP_POINT=${#COMP_LINE}
            $fn paydesk tic paydesk; echo "first: ${COMPREPLY[*]}"
            COMP_WORDS=(paydesk ticket ""); COMP_CWORD=2; COMP_LINE="paydesk ticket "; COMP_POINT=${#COMP_LINE}
            $fn paydesk "" ticket; echo "second: ${COMPREPLY[*]}"
            """
        let r = try Spawn.run("/usr/bin/bash", ["--norc", "-c", script])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first { $0.hasPrefix("first:") } == "first: ticket", "\(r.stdout)")
        let second = lines.first { $0.hasPrefix("second:") } ?? ""
        #expect(second.contains("list") && second.contains("show"), "\(r.stdout)")
    }
}
