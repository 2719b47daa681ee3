import ArgumentParser
import Foundation
import SupportStore

/// `paydesk deliver --once`: one delivery pass over queued email, for cron on a host
/// without the service. Exit status 0 when the pass ran (messages that failed are in the
/// summary and stay queued for their retry), 4 for a non-admin, 1 when the database fails.
struct DeliverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Send queued email through the host's sendmail (one pass with --once).",
        discussion: """
            Each queued message due now is sent as MIME (UTF-8, RFC 2047 subject with the ticket's \
            [#N] token, Message-ID, In-Reply-To/References to the customer's last mail) by piping \
            it to the sendmail command. A failure is retried with exponential backoff and jitter; \
            after --give-up-hours it is marked failed and shown on the ticket's timeline. Only an \
            admin runs delivery.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Run one delivery pass and exit (for cron).") var once = false
    @Option(help: "The sendmail command (default: $PAYDESK_SENDMAIL, else /usr/sbin/sendmail -t -i).")
    var sendmail: String?
    @Option(help: "The From address (default: $PAYDESK_MAIL_FROM).") var from: String?
    @Option(help: "Mark a message failed when it still fails this many hours after it was queued.")
    var giveUpHours: Double = 24
    @Flag(help: "JSON output.") var json = false

    func validate() throws {
        guard once else {
            throw ValidationError("Delivery runs continuously inside the service; from cron, run `paydesk deliver --once`.")
        }
        guard let sender = from ?? ProcessInfo.processInfo.environment["PAYDESK_MAIL_FROM"], sender.contains("@") else {
            throw ValidationError("Give the From address with --from or $PAYDESK_MAIL_FROM, e.g. \"Wallet Support <support@wallet.example>\".")
        }
    }

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        // Split on spaces, no shell: the command line is configuration, never interpreted.
        let command = (sendmail ?? env["PAYDESK_SENDMAIL"]).map { $0.split(separator: " ").map(String.init) }
            ?? DeliveryOptions.defaultSendmail
        let sender = from ?? env["PAYDESK_MAIL_FROM"] ?? ""
        let store = try global.openStore()
        let actor = try global.actor(in: store)
        let report = try store.deliverEmail(DeliveryOptions(sendmail: command, from: sender, giveUpAfter: giveUpHours * 3_600),
                                            by: actor)
        if json { return try Output.json(report) }
        print("Delivery: \(report.summary).")
    }
}
