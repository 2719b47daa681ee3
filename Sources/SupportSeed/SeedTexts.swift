import SupportCore
import SupportStore

/// Every string the seeder writes more than once, as C strings made once: names,
/// merchants, message bodies and enum values. Built from `DemoContent` so the large
/// dataset reads like the small demo.
final class SeedTexts {
    let pool = TextPool()

    let names: [StaticText]
    let chineseNames: [StaticText]
    let mixedNames: [StaticText]
    let merchants: [StaticText]
    let billers: [StaticText]
    let banks: [StaticText]
    let topupSources: [StaticText]
    let cashback: StaticText
    let failureCodes: [StaticText]
    let types: [StaticText]          // TransactionType.allCases order
    let statuses: [StaticText]       // TransactionStatus.allCases order
    let channels: [StaticText]       // per TransactionType.allCases
    let places: [StaticText]
    let deviceModels: [(model: StaticText, platform: StaticText)]
    let appVersions: [StaticText]
    let active: StaticText, frozen: StaticText, closed: StaticText
    let frozenReason: StaticText, closedReason: StaticText, supervisor: StaticText
    let walletPrefix: StaticText, phonePrefix: StaticText, referencePrefix: StaticText, ipPrefixes: [StaticText]

    // Tickets
    let subjects: [StaticText], bodies: [StaticText], followUps: [StaticText?]
    let categories: [StaticText], subcategories: [StaticText]
    let ticketChannels: [StaticText]
    let priorities: [StaticText]
    let ticketStatuses: [String: StaticText]
    let replies: [StaticText], notes: [StaticText]
    let eventKinds: [TicketEventKind: StaticText]
    let customerAuthor: StaticText, systemAuthor: StaticText
    let vip: StaticText, feedback: StaticText
    let toPending: StaticText, toOnHold: StaticText, toSolved: StaticText, toClosed: StaticText

    init() {
        let p = pool
        var names: [String] = []
        for given in DemoContent.givenNames { for family in DemoContent.familyNames { names.append(given + " " + family) } }
        self.names = p.texts(names)
        chineseNames = p.texts(DemoContent.chineseNames)
        mixedNames = p.texts(DemoContent.mixedNames)
        merchants = p.texts(DemoContent.merchants)
        billers = p.texts(DemoContent.billers)
        banks = p.texts(DemoContent.banks)
        topupSources = p.texts(DemoContent.topupSources)
        cashback = p.text("Promo Cashback")
        failureCodes = p.texts(FailureCode.all)
        types = p.texts(TransactionType.allCases.map(\.rawValue))
        statuses = p.texts(TransactionStatus.allCases.map(\.rawValue))
        channels = p.texts(TransactionType.allCases.map { type -> String in
            switch type {
            case .topup: "bank_va"
            case .payment, .refund: "merchant_api"
            case .qrPayment: "qris"
            case .p2pIn, .p2pOut: "app"
            case .withdrawal: "bank_transfer"
            case .cashback: "promo"
            case .billPayment: "biller"
            }
        })
        places = p.texts(DemoContent.places)
        deviceModels = DemoContent.deviceModels.map { (p.text($0.0), p.text($0.1)) }
        appVersions = p.texts(DemoContent.appVersions)
        active = p.text("active"); frozen = p.text("frozen"); closed = p.text("closed")
        frozenReason = p.text("suspected account takeover"); closedReason = p.text("closed at customer request")
        supervisor = p.text("sari")
        walletPrefix = p.text("WLT-"); phonePrefix = p.text("+628"); referencePrefix = p.text("TX")
        ipPrefixes = p.texts(["36.72.", "39.192.", "103.10.", "110.136.", "114.124.", "180.244.", "182.1."])

        subjects = p.texts(DemoContent.tickets.map(\.subject))
        bodies = p.texts(DemoContent.tickets.map(\.body))
        followUps = DemoContent.tickets.map { $0.followUp.map(p.text) }
        categories = p.texts(DemoContent.tickets.map(\.category.rawValue))
        subcategories = p.texts(DemoContent.tickets.map(\.subcategory))
        ticketChannels = p.texts(Channel.allCases.map(\.rawValue))
        priorities = p.texts(Priority.allCases.map(\.rawValue))
        var statuses: [String: StaticText] = [:]
        for s in TicketStatus.allCases { statuses[s.rawValue] = p.text(s.rawValue) }
        ticketStatuses = statuses
        replies = p.texts(DemoContent.agentReplies)
        notes = p.texts(DemoContent.agentNotes)
        var kinds: [TicketEventKind: StaticText] = [:]
        for k in TicketEventKind.allCases { kinds[k] = p.text(k.rawValue) }
        eventKinds = kinds
        customerAuthor = p.text("customer"); systemAuthor = p.text("system")
        vip = p.text("vip"); feedback = p.text("product-feedback")
        toPending = p.text("open → pending"); toOnHold = p.text("open → on_hold")
        toSolved = p.text("open → solved"); toClosed = p.text("solved → closed")
    }

    /// A customer's name, a pure function of the seed and the customer: transactions that
    /// name another customer as counterparty need it without a lookup. Like the demo, a
    /// fifth are Chinese names and a fifth carry both scripts.
    @inline(__always) func customerName(_ index: Int, seed: UInt64) -> StaticText {
        var h = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        let r = h.next()
        switch index % 5 {
        case 1: return chineseNames[Int(r % UInt64(chineseNames.count))]
        case 3: return mixedNames[Int(r % UInt64(mixedNames.count))]
        default: return names[Int(r % UInt64(names.count))]
        }
    }
}
