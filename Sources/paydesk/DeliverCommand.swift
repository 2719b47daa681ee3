import ArgumentParser
import Foundation
import SupportStore

/// `paydesk deliver --once`: one delivery pass over queued email, for cron on a host
/// without the service. Exit status 0 when the pass ran (messages that failed are in the
/// summary and stay queued for their retry), 4 for a non-admin, 1 when the database fails.
struct DeliverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Send queued messages: email through the host's sendmail, SMS/chat/social to their gateways (one pass with --once).",
        discussion: """
            Each queued message due now is sent as MIME (UTF-8, RFC 2047 subject with the ticket's \
            [#N] token, Message-ID, In-Reply-To/References to the customer's last mail) by piping \
            it to the sendmail command; SMS, app chat and social messages are signed JSON POSTs to \
            their gateways, keyed by outbox id. `paydesk serve` runs the same pass by itself. A failure is retried with exponential backoff and jitter; \
            after --give-up-hours it is marked failed and shown on the ticket's timeline. Only an \
            admin runs delivery.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var delivery: DeliveryFlags
    @Flag(help: "Run one delivery pass and exit (for cron).") var once = false
    @Flag(help: "JSON output.") var json = false

    func validate() throws {
        guard once else {
            throw ValidationError("Delivery runs continuously inside the service; from cron, run `paydesk deliver --once`.")
        }
    }

    func run() throws {
        let options = try delivery.options()
        guard !options.channels.isEmpty else {
            throw CommandFailure.usage("Nothing to deliver by: give the From address with --from or $PAYDESK_MAIL_FROM, e.g. \"Wallet Support <support@wallet.example>\", or a gateway (--sms-gateway …).")
        }
        let store = try global.openStore()
        let actor = try global.actor(in: store)
        let report = try store.deliver(options, by: actor)
        if json { return try Output.json(report) }
        print("Delivery: \(report.summary).")
    }
}
