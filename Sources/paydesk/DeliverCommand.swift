import ArgumentParser
import Foundation
import SupportStore

/// `paydesk deliver --once`: one delivery pass over queued email, for cron on a host
/// without the service. Exit status 0 when the pass ran (messages that failed are in the
/// summary and stay queued for their retry), 4 for a non-admin, 1 when the database fails.
/// With `--store` it delivers from a PostgreSQL database, beside any services delivering
/// there: each message is claimed by one deliverer only (`FOR UPDATE SKIP LOCKED`).
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
    @Option(help: "Deliver from a PostgreSQL database instead, e.g. postgresql://paydesk@/paydesk?host=/var/run/postgresql (default: $PAYDESK_STORE).")
    var store: String?
    @Option(help: "With --store: the audit key its chain is signed with (default: $PAYDESK_AUDIT_KEY).") var auditKey: String?
    @Option(help: "With --store: the delivery key one-time codes are sealed to (default: $PAYDESK_DELIVERY_KEY).") var deliveryKey: String?
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
        let environment = ProcessInfo.processInfo.environment
        let report: DeliveryReport
        if let url = store ?? environment["PAYDESK_STORE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            let engine = try ServePostgres.openEngine(url, auditKey: auditKey,
                                                      deliveryKey: deliveryKey ?? environment["PAYDESK_DELIVERY_KEY"].flatMap { $0.isEmpty ? nil : $0 })
            defer { ServePostgres.closeEngine(engine) }
            let actor = try engine.resolveActor(caller: SupportStore.operatingSystemUser, asLogin: global.asLogin)
            report = try engine.deliver(options, by: actor)
        } else {
            let sqlite = try global.openStore()
            report = try sqlite.deliver(options, by: try global.actor(in: sqlite))
        }
        if json { return try Output.json(report) }
        print("Delivery: \(report.summary).")
    }
}
