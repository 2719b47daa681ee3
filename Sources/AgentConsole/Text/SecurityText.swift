import SupportCore
import SupportStore

/// The security pane's actions and notes in the agent's language. The store sends the
/// action's kind and a `SecurityNote` value beside its English sentences; the console
/// says them from the catalogue.
extension ConsoleState {
    func securityTitle(_ kind: AccountSecurityAction) -> String {
        switch kind {
        case .freeze: t(.secFreeze)
        case .unfreeze: t(.secUnfreeze)
        case .revokeSessions: t(.secRevoke)
        case .forceCredentialReset: t(.secReset)
        case .unbindDevice: t(.secUnbind)
        case .requireTwoFactor: t(.secTwoFactor)
        case .flagTransaction: t(.secFlag)
        case .openDispute: t(.secDispute)
        case .openAppeal: t(.secAppeal)
        case .refundDispute: t(.secRefund)
        case .closeAccount: t(.secClose)
        }
    }

    func securityTitle(_ kind: SecurityActionKind) -> String { securityTitle(AccountSecurityAction(kind)) }

    func securityTitle(_ entry: AvailableSecurityAction) -> String {
        guard let request = entry.requestId else { return securityTitle(entry.kind) }
        return t(.secDecide, String(request), securityTitle(entry.kind))
    }

    func securityNote(_ entry: AvailableSecurityAction) -> String {
        switch entry.why {
        case .immediate: t(.noteImmediate)
        case .waitingApproval(let id): t(.noteWaiting, String(id))
        case .supervisorApproves: t(.noteSupervisorApproves)
        case .signsOutEverywhere(let open): t(.noteSignsOut, String(open))
        case .codeLimitReached(let next): t(.noteCodeLimit, next)
        case .codesLeft(let left): t(.noteCodesLeft, String(left))
        case .noDeviceBound: t(.noteNoDevice)
        case .boundDevices(let n): t(.noteBound, String(n))
        case .twoFactorOff: t(.noteTwoFactorOff)
        case .pickInTransactions: t(.notePick)
        case .disputeDeadline(let days): t(.noteDeadline, String(days))
        case .appealAlreadyOpen(let id): t(.noteAppealOpen, String(id))
        case .appealNeeds: t(.noteAppealNeeds)
        case .openDisputes(let n): n == 1 ? t(.noteDisputesOne) : t(.noteDisputes, String(n))
        case .balanceNotZero(let balance): t(.noteBalance, balance)
        case .ownRequest: t(.noteOwn)
        case .askedBy(let login): t(.noteAskedBy, login)
        }
    }
}
