import Testing
@testable import SupportCore

@Suite struct PermissionsTests {
    @Test func agentsWorkTicketsAndProtectAccounts() {
        for permission in [Permission.workOwnTickets, .claimUnassigned, .revealPersonalData,
                           .protectiveSecurityAction, .requestPrivilegedAction, .exportTransactions] {
            #expect(Role.agent.can(permission), "agent should \(permission.phrase)")
        }
    }

    @Test func agentsCannotSupervise() {
        for permission in [Permission.viewAllQueues, .reassign, .steal, .bulkActions,
                           .approveRequests, .viewReports, .manageAgents, .manageSLA, .manageMacros] {
            #expect(!Role.agent.can(permission), "agent should not \(permission.phrase)")
        }
    }

    @Test func supervisorsApproveButDoNotAdminister() {
        #expect(Role.supervisor.can(.approveRequests))
        #expect(Role.supervisor.can(.reassign))
        #expect(Role.supervisor.can(.viewReports))
        #expect(Role.supervisor.can(.workOwnTickets))
        #expect(!Role.supervisor.can(.manageAgents))
        #expect(!Role.supervisor.can(.manageSLA))
        #expect(!Role.supervisor.can(.manageMacros))
    }

    @Test func adminsHoldEverything() {
        #expect(Role.admin.permissions == Permission.allCases)
    }

    @Test func higherRolesInheritLowerOnes() {
        for permission in Permission.allCases where Role.agent.can(permission) {
            #expect(Role.supervisor.can(permission))
        }
        for permission in Permission.allCases where Role.supervisor.can(permission) {
            #expect(Role.admin.can(permission))
        }
    }

    @Test func deniedMessageIsOneSentence() {
        let budi = Agent(id: 1, login: "budi", name: "Budi", role: .agent)
        #expect(throws: PermissionDenied.self) { try budi.require(.approveRequests) }
        do {
            try budi.require(.approveRequests)
        } catch {
            #expect(error.description == "agent budi (role agent) may not approve requests")
        }
    }

    @Test func requireAllowsWhatTheRoleHolds() throws {
        try Agent(id: 2, login: "sari", name: "Sari", role: .supervisor).require(.approveRequests)
    }

    @Test func inactiveAgentsHoldNothing() {
        let gone = Agent(id: 3, login: "eko", name: "Eko", role: .admin, active: false)
        #expect(throws: PermissionDenied.self) { try gone.require(.workOwnTickets) }
    }

    @Test func makerCheckerNeedsASecondSupervisor() throws {
        try MakerChecker.check(requester: "budi", approver: "sari", approverRole: .supervisor)
        try MakerChecker.check(requester: "budi", approver: "root", approverRole: .admin)
        #expect(throws: MakerCheckerViolation.selfApproval(login: "sari")) {
            try MakerChecker.check(requester: "sari", approver: "sari", approverRole: .supervisor)
        }
        #expect(throws: MakerCheckerViolation.selfApproval(login: "Sari")) {
            try MakerChecker.check(requester: "sari", approver: "Sari", approverRole: .admin)
        }
        #expect(throws: MakerCheckerViolation.approverRoleTooLow(login: "eko", role: .agent)) {
            try MakerChecker.check(requester: "budi", approver: "eko", approverRole: .agent)
        }
    }

    @Test func makerCheckerMessages() {
        #expect(MakerCheckerViolation.selfApproval(login: "sari").description
                == "sari cannot approve their own request; another supervisor must approve it")
        #expect(MakerCheckerViolation.approverRoleTooLow(login: "eko", role: .agent).description
                .hasPrefix("agent eko (role agent) may not approve requests"))
    }

    @Test func securityActionsSplitIntoProtectiveAndApproved() {
        #expect(!SecurityActionKind.freeze.requiresApproval)
        #expect(!SecurityActionKind.revokeSessions.requiresApproval)
        #expect(!SecurityActionKind.forceCredentialReset.requiresApproval)
        #expect(SecurityActionKind.unfreeze.requiresApproval)
        #expect(SecurityActionKind.closeAccount.requiresApproval)
        #expect(SecurityActionKind.refundDispute.requiresApproval)
        #expect(SecurityActionKind.freeze.permission == .protectiveSecurityAction)
        #expect(SecurityActionKind.unfreeze.permission == .requestPrivilegedAction)
    }
}
