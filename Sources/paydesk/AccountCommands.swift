import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportStore

struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account", abstract: "Show a customer's account and take security actions on it.",
        subcommands: [AccountShow.self, AccountFreeze.self, AccountUnfreeze.self, AccountClose.self,
                      AccountResetCredentials.self, AccountRevokeSessions.self, AccountRequireTwoFactor.self,
                      AccountUnbindDevice.self, AccountAppeal.self, AccountVerifyCode.self, AccountLanguage.self,
                      AccountTimeline.self, AccountRules.self, AccountDetectorCheck.self])
}

/// A command that acts on one customer's account and prints one sentence. The customer
/// is found by id or wallet id (phone and email only through `account show --reason`).
protocol AccountAction: ActingCommand {
    var customer: String { get }
    func perform(_ client: SupportClient, _ customer: Customer, _ actor: Agent) throws -> String
}

extension AccountAction {
    func apply(_ client: SupportClient, _ actor: Agent) throws -> String {
        try perform(client, try client.findCustomer(customer), actor)
    }
}

struct AccountShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show",
        abstract: "Show an account: masked contacts, status (who, when, why), balance, devices, logins, security history.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Customer id or wallet id; a phone or email with --reason (an audited search).") var customer: String
    @Option(help: "Why you search by phone or email (recorded and audited); - reads it from stdin.") var reason: String?
    @Flag(help: "JSON output.") var json = false

    struct Shown: Encodable {
        var customer: Customer          // phone and email masked
        var balanceText: String
        var sessionsRevokedAt: Date?
        var openSessions: Int
        var devices: [Device]
        var logins: [LoginEvent]
        var history: [SecurityActionRecord]
        var disputes: [Dispute]
        var actions: [AvailableSecurityAction]
    }

    func run() throws {
        let client = try global.client()
        _ = try client.whoAmI()
        let found = try client.findCustomer(customer, reason: try reason.map(StdinArgument.value))
        let c = try client.customerView(id: found.id)
        let shown = Shown(customer: c, balanceText: Money.format(c.balance, currency: c.currency),
                          sessionsRevokedAt: try client.sessionsRevokedAt(customerId: c.id),
                          openSessions: try client.sessions(customerId: c.id).filter { $0.revokedAt == nil }.count,
                          devices: try client.devices(customerId: c.id), logins: try client.loginEvents(customerId: c.id, limit: 10),
                          history: try client.securityHistory(customerId: c.id, limit: 20), disputes: try client.disputes(customerId: c.id),
                          actions: try client.availableActions(for: c))
        if json { return try Output.json(shown) }
        print("\(c.walletId)  \(PlainText.inert(MaskedName(c.name).description))  KYC \(c.kycLevel)")
        print("phone \(c.phone)  email \(PlainText.inert(c.email))  two-factor \(c.twoFactor ? "on" : "off")"
              + "  replies in \(c.language?.name ?? "(not known yet)")")
        var status = "status \(c.status.rawValue)"
        if let by = c.statusChangedBy { status += " by \(by)" }
        if let at = c.statusChangedAt { status += " at \(TimeText.clock(at))" }
        if let why = c.statusReason { status += ": \(PlainText.inert(why))" }
        print(status)
        print("balance \(shown.balanceText)  daily limit \(Money.format(c.dailyLimit, currency: c.currency))")
        let signedOut = shown.sessionsRevokedAt.map { "; signed out everywhere at \(TimeText.clock($0))" } ?? ""
        print("sessions \(shown.openSessions) open\(signedOut)")
        section("DEVICES")
        Output.table(["ID", "MODEL", "PLATFORM", "APP", "BOUND", "LAST SEEN"], shown.devices.map {
            [String($0.id), $0.model, $0.platform, $0.appVersion, $0.bound ? "yes" : "no", TimeText.clock($0.lastSeenAt)]
        })
        section("RECENT LOGINS")
        Output.table(["TIME", "RESULT", "DEVICE", "PLACE", "IP"], shown.logins.map {
            [TimeText.clock($0.at), $0.success ? "ok" : "failed", $0.deviceId.map(String.init) ?? "-", $0.place, $0.ip]
        })
        section("SECURITY HISTORY")
        Output.table(["ID", "TIME", "ACTION", "STATE", "BY", "DECIDED BY", "TICKET", "REASON"], shown.history.map {
            [String($0.id), TimeText.clock($0.requestedAt), $0.kind.rawValue, $0.state.rawValue, $0.requestedBy,
             $0.decidedBy ?? "-", $0.ticketNumber.map(TicketNumber.format) ?? "-", $0.reason]
        })
        if !shown.disputes.isEmpty {
            section("DISPUTES AND APPEALS")
            Output.table(["ID", "KIND", "STATE", "TRANSACTION", "OPENED", "DUE", "REASON"], shown.disputes.map {
                [String($0.id), $0.kind.rawValue, $0.state.rawValue, $0.reference ?? $0.suspiciousReferences.joined(separator: ","),
                 TimeText.clock($0.openedAt), TimeText.day($0.deadlineAt), $0.reason]
            })
        }
        section("ACTIONS YOU CAN TAKE")
        Output.table(["ACTION", "STATE", "NOTE"], shown.actions.map {
            [$0.title, $0.available ? "ready" : "blocked", $0.note]
        })
    }

    private func section(_ title: String) { print("\n" + title) }
}

struct AccountLanguage: AccountAction {
    static let configuration = CommandConfiguration(commandName: "language",
                                                    abstract: "Set the language the customer gets replies in (en, id, zh).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Customer id, wallet id, phone or email.") var customer: String
    @Argument(help: "en, id or zh.") var language: ContentLanguage
    func perform(_ client: SupportClient, _ c: Customer, _ actor: Agent) throws -> String {
        try client.setCustomerLanguage(customerId: c.id, language: language)
        return "\(c.walletId) gets replies in \(language.name)."
    }
}

struct AccountFreeze: AccountAction {
    static let configuration = CommandConfiguration(commandName: "freeze", abstract: "Freeze the account at once (any agent).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Customer id or wallet id.") var customer: String
    @Option(help: "Why (recorded and audited).") var reason: String
    @Option(help: "Ticket to record the action on.") var ticket: TicketRef?
    func perform(_ client: SupportClient, _ c: Customer, _ actor: Agent) throws -> String {
        let action = try client.freeze(customerId: c.id, reason: reason, ticket: ticket?.number)
        return "\(c.walletId) is frozen (action #\(action.id))."
    }
}

struct AccountUnfreeze: AccountAction {
    static let configuration = CommandConfiguration(commandName: "unfreeze", abstract: "Ask for the account to be unfrozen; a supervisor approves.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Customer id or wallet id.") var customer: String
    @Option(help: "Why (recorded and audited).") var reason: String
    @Option(help: "Ticket to record the request on.") var ticket: TicketRef?
    func perform(_ client: SupportClient, _ c: Customer, _ actor: Agent) throws -> String {
        let request = try client.requestUnfreeze(customerId: c.id, reason: reason, ticket: ticket?.number)
        return "Request #\(request.id) to unfreeze \(c.walletId) is waiting for approval; a supervisor other than you decides."
    }
}

struct AccountClose: AccountAction {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Ask for the account to be closed (balance must be zero); a supervisor approves.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Customer id or wallet id.") var customer: String
    @Option(help: "Why (recorded and audited).") var reason: String
    @Option(help: "Ticket to record the request on.") var ticket: TicketRef?
    func perform(_ client: SupportClient, _ c: Customer, _ actor: Agent) throws -> String {
        let request = try client.requestClose(customerId: c.id, reason: reason, ticket: ticket?.number)
        return "Request #\(request.id) to close \(c.walletId) is waiting for approval; a supervisor other than you decides."
    }
}

/// Where a one-time code goes. A command-line twin of `OutboxChannel`, so that no
/// store type needs a retroactive ArgumentParser conformance.
enum CodeChannel: String, ExpressibleByArgument, CaseIterable {
    case sms, email
    var outbox: OutboxChannel { self == .sms ? .sms : .email }
}

struct AccountResetCredentials: AccountAction {
    static let configuration = CommandConfiguration(commandName: "reset-credentials",
        abstract: "Force a credential reset: a one-time code goes to the registered phone or email. You never see it.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Customer id or wallet id.") var customer: String
    @Option(help: "Why (recorded and audited).") var reason: String
    @Option(help: "Ticket to record the action on.") var ticket: TicketRef?
    @Option(help: "sms (registered phone) or email (registered email).") var channel: CodeChannel = .sms
    func perform(_ client: SupportClient, _ c: Customer, _ actor: Agent) throws -> String {
        let sent = try client.forceCredentialReset(customerId: c.id, reason: reason, ticket: ticket?.number,
                                                  channel: channel.outbox)
        return "A one-time code is queued for \(sent.destination) by \(sent.channel.rawValue); it expires at \(TimeText.hm(sent.expiresAt)). Only the customer sees it."
    }
}

struct AccountRevokeSessions: AccountAction {
    static let configuration = CommandConfiguration(commandName: "revoke-sessions", abstract: "Sign the customer out of every session.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Customer id or wallet id.") var customer: String
    @Option(help: "Why (recorded and audited).") var reason: String
    @Option(help: "Ticket to record the action on.") var ticket: TicketRef?
    func perform(_ client: SupportClient, _ c: Customer, _ actor: Agent) throws -> String {
        let action = try client.revokeSessions(customerId: c.id, reason: reason, ticket: ticket?.number)
        return "\(c.walletId) is signed out everywhere (action #\(action.id))."
    }
}

struct AccountRequireTwoFactor: AccountAction {
    static let configuration = CommandConfiguration(commandName: "require-2fa", abstract: "Require two-factor verification on the next sign-in.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Customer id or wallet id.") var customer: String
    @Option(help: "Why (recorded and audited).") var reason: String
    @Option(help: "Ticket to record the action on.") var ticket: TicketRef?
    func perform(_ client: SupportClient, _ c: Customer, _ actor: Agent) throws -> String {
        let action = try client.requireTwoFactor(customerId: c.id, reason: reason, ticket: ticket?.number)
        return "\(c.walletId) now requires two-factor verification (action #\(action.id))."
    }
}

struct AccountUnbindDevice: AccountAction {
    static let configuration = CommandConfiguration(commandName: "unbind-device", abstract: "Unbind one of the customer's devices and end its sessions.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Customer id or wallet id.") var customer: String
    @Option(help: "Device id (see `account show`).") var device: Int64
    @Option(help: "Why (recorded and audited).") var reason: String
    @Option(help: "Ticket to record the action on.") var ticket: TicketRef?
    func perform(_ client: SupportClient, _ c: Customer, _ actor: Agent) throws -> String {
        let action = try client.unbindDevice(customerId: c.id, deviceId: device, reason: reason, ticket: ticket?.number)
        return "Device \(device) is no longer bound to \(c.walletId) (action #\(action.id))."
    }
}

struct AccountAppeal: AccountAction {
    static let configuration = CommandConfiguration(commandName: "appeal",
        abstract: "Open a stolen-account appeal with the time of compromise and the suspicious transactions.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Customer id or wallet id.") var customer: String
    @Option(name: .customLong("compromised-at"), help: "When the account was taken over: 'YYYY-MM-DD HH:MM' (Jakarta time) or ISO 8601.")
    var compromisedAt: String
    @Option(name: .customLong("tx"), help: "A transaction the customer does not recognise (repeatable).") var transactions: [String] = []
    @Option(help: "Why (recorded and audited).") var reason: String
    @Option(help: "Ticket to record the appeal on.") var ticket: TicketRef?
    func perform(_ client: SupportClient, _ c: Customer, _ actor: Agent) throws -> String {
        guard let at = Self.parseTime(compromisedAt) else {
            throw CommandFailure.usage("--compromised-at '\(compromisedAt)' is not a time; use 'YYYY-MM-DD HH:MM' (Jakarta) or ISO 8601")
        }
        let appeal = try client.openAppeal(customerId: c.id, timeOfCompromise: at, suspiciousReferences: transactions,
                                          reason: reason, ticket: ticket?.number)
        return "Appeal \(appeal.id) opened for \(c.walletId); answer due by \(TimeText.day(appeal.deadlineAt))."
    }

    static func parseTime(_ text: String) -> Date? {
        if let iso = ISO8601DateFormatter().date(from: text) { return iso }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeText.zone
        for pattern in ["yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"] {
            f.dateFormat = pattern
            if let date = f.date(from: text) { return date }
        }
        return nil
    }
}

struct AccountVerifyCode: AccountAction {
    static let configuration = CommandConfiguration(commandName: "verify-code",
        abstract: "Enter the one-time code the customer reads out (needs enter_customer_code; you are the recorded actor).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Customer id or wallet id.") var customer: String
    @Argument(help: "The 6-digit code, or - to read it from stdin (keeps it out of ps).") var code: String
    @Option(help: "How the customer gave the code: \(Channel.allCases.map(\.rawValue).joined(separator: ", ")).")
    var via: Channel = .phone
    @Option(help: "Why (recorded and audited); - reads it from stdin.") var reason: String
    func perform(_ client: SupportClient, _ c: Customer, _ actor: Agent) throws -> String {
        let result = try client.verifyCodeForCustomer(customerId: c.id, code: try StdinArgument.value(code),
                                                     channel: via, reason: try StdinArgument.value(reason))
        return "Code accepted for \(c.walletId) (sent by \(result.channel.rawValue), read out by \(via.rawValue)); the customer can now set new credentials."
    }
}
