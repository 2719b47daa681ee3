import ArgumentParser
import Foundation
import SupportServer
import SupportStore

/// How messages leave, for `paydesk serve` (delivery runs inside it) and `paydesk deliver
/// --once` (the same pass, for cron without the service). Each flag has an environment
/// twin so a systemd unit can keep them in an EnvironmentFile. A channel with no way out
/// configured stays queued.
struct DeliveryFlags: ParsableArguments {
    @Option(help: "The sendmail command (default: $PAYDESK_SENDMAIL, else /usr/sbin/sendmail -t -i).")
    var sendmail: String?
    @Option(help: "The From address of mail; email is sent only when it is set (default: $PAYDESK_MAIL_FROM).")
    var from: String?
    @Option(help: "Mark a message failed when it still fails this many hours after it was queued.")
    var giveUpHours: Double = 24
    @Option(help: "Seconds before the first retry of a failed attempt; each later one waits twice as long (at most an hour).")
    var retrySeconds: Double = 60
    @Option(help: "SMS gateway URL (default: $PAYDESK_SMS_GATEWAY).") var smsGateway: String?
    @Option(help: "File holding the SMS gateway's shared secret (default: $PAYDESK_SMS_SECRET_FILE).") var smsSecretFile: String?
    @Option(help: "App chat gateway URL (default: $PAYDESK_CHAT_GATEWAY).") var chatGateway: String?
    @Option(help: "File holding the app chat gateway's shared secret (default: $PAYDESK_CHAT_SECRET_FILE).") var chatSecretFile: String?
    @Option(help: "Social inbox gateway URL (default: $PAYDESK_SOCIAL_GATEWAY).") var socialGateway: String?
    @Option(help: "File holding the social gateway's shared secret (default: $PAYDESK_SOCIAL_SECRET_FILE).") var socialSecretFile: String?
    @Option(help: "Seconds to wait for sendmail or a gateway before counting the attempt failed.")
    var sendTimeout: Double = 60
    @Option(help: "Messages sent at once: sendmail processes or gateway calls (default: $PAYDESK_SEND_CONCURRENCY, else \(DeliveryOptions.defaultConcurrency)).")
    var sendConcurrency: Int?

    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The mail From, when mail is configured.
    var mailFrom: String? { from ?? environment["PAYDESK_MAIL_FROM"] }

    /// Each gateway channel's secret, read from its file (also used to verify webhooks).
    func secrets() throws -> [OutboxChannel: Data] {
        var secrets: [OutboxChannel: Data] = [:]
        for channel in OutboxChannel.gatewayChannels {
            guard let path = setting(channel, "secret-file") else { continue }
            do { secrets[channel] = try GatewaySignature.readSecret(path) } catch {
                throw CommandFailure.usage("--\(channel.rawValue)-secret-file: \(error)")
            }
        }
        return secrets
    }

    func options() throws -> DeliveryOptions {
        if let sender = mailFrom, !sender.contains("@") {
            throw CommandFailure.usage("The From address \"\(sender)\" has no @; e.g. \"Wallet Support <support@wallet.example>\".")
        }
        let secrets = try secrets()
        var gateways: [OutboxChannel: any MessageGateway] = [:]
        for channel in OutboxChannel.gatewayChannels {
            guard let url = setting(channel, "gateway") else { continue }
            guard URL(string: url)?.scheme.map({ ["http", "https"].contains($0) }) == true else {
                throw CommandFailure.usage("--\(channel.rawValue)-gateway must be an http or https URL, not \(url)")
            }
            guard let secret = secrets[channel] else {
                throw CommandFailure.usage("--\(channel.rawValue)-gateway needs --\(channel.rawValue)-secret-file: requests are signed with it.")
            }
            gateways[channel] = HTTPGateway(url: url, secret: secret, timeout: sendTimeout)
        }
        // Split on spaces, no shell: the command line is configuration, never interpreted.
        let command = (sendmail ?? environment["PAYDESK_SENDMAIL"]).map { $0.split(separator: " ").map(String.init) }
            ?? DeliveryOptions.defaultSendmail
        let concurrency = sendConcurrency ?? environment["PAYDESK_SEND_CONCURRENCY"].flatMap { Int($0) } ?? DeliveryOptions.defaultConcurrency
        guard (1...64).contains(concurrency) else {
            throw CommandFailure.usage("--send-concurrency takes 1 to 64 messages at once, not \(concurrency)")
        }
        return DeliveryOptions(sendmail: command, from: mailFrom, gateways: gateways, giveUpAfter: giveUpHours * 3_600,
                               firstRetry: retrySeconds, timeout: sendTimeout, concurrency: concurrency)
    }

    /// `--sms-gateway`, else `$PAYDESK_SMS_GATEWAY`.
    private func setting(_ channel: OutboxChannel, _ name: String) -> String? {
        let flag: String? = switch (channel, name) {
        case (.sms, "gateway"): smsGateway
        case (.sms, _): smsSecretFile
        case (.chat, "gateway"): chatGateway
        case (.chat, _): chatSecretFile
        case (.social, "gateway"): socialGateway
        case (.social, _): socialSecretFile
        default: nil
        }
        let variable = "PAYDESK_\(channel.rawValue.uppercased())_\(name.uppercased().replacingOccurrences(of: "-", with: "_"))"
        return flag ?? environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }
}
