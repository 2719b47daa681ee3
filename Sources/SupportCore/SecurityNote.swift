/// Why a security action is offered as it is, or why it is blocked for now: the note
/// beside each action in the security pane. A value, not a sentence, so the console can
/// say it in the agent's language; `english` is the sentence the command line prints.
public enum SecurityNote: Sendable, Codable, Hashable {
    case immediate
    case waitingApproval(request: Int64)
    case supervisorApproves
    case signsOutEverywhere(open: Int)
    case codeLimitReached(nextAt: String)
    case codesLeft(Int)
    case noDeviceBound
    case boundDevices(Int)
    case twoFactorOff
    case pickInTransactions
    case disputeDeadline(days: Int64)
    case appealAlreadyOpen(Int64)
    case appealNeeds
    case openDisputes(Int)
    case balanceNotZero(String)
    case ownRequest
    case askedBy(String)

    public var english: String {
        switch self {
        case .immediate: "immediate, any agent"
        case .waitingApproval(let id): "request #\(id) is waiting for approval"
        case .supervisorApproves: "request; a supervisor approves"
        case .signsOutEverywhere(let open): "signs the customer out everywhere (\(open) open)"
        case .codeLimitReached(let next): "hourly code limit reached; next at \(next)"
        case .codesLeft(let left): "one-time code to the registered phone/email (\(left) left this hour)"
        case .noDeviceBound: "no device is bound"
        case .boundDevices(let n): "\(n) bound; choose the device"
        case .twoFactorOff: "2FA is off"
        case .pickInTransactions: "pick it in Transactions"
        case .disputeDeadline(let days): "deadline \(days) days"
        case .appealAlreadyOpen(let id): "appeal \(id) is already open"
        case .appealNeeds: "time of compromise and suspicious transactions"
        case .openDisputes(let n): "\(n) open dispute\(n == 1 ? "" : "s"); a supervisor approves"
        case .balanceNotZero(let balance): "balance \(balance) must be zero first"
        case .ownRequest: "your own request; another supervisor decides"
        case .askedBy(let login): "asked by \(login)"
        }
    }
}
