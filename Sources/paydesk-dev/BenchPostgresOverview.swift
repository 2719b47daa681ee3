import Foundation
import SupportCore
import SupportStore

/// `paydesk-dev bench-postgres --overview`: what a console's move to another customer asks
/// the store for (the account overview with the transactions pane's first page), on the
/// heaviest account and on an ordinary one — composed of one read per pane, as the request
/// did before, against `accountOverview`'s one read transaction. Medians in ms.
struct PostgresOverview {
    let engine: any StoreEngine
    let customers: [(label: String, id: Int64)]
    let runs: Int

    func run() throws {
        guard let actor = try engine.agent(login: "sari") else { throw CommandFailure.usage("no agent 'sari' in the database") }
        print("account overview (role \(actor.role.rawValue)); \(runs) runs each; p50 / p99 in ms")
        for customer in customers {
            for (name, query) in [("no filter", Query(source: "", terms: [])), ("no transactions pane", nil)] as [(String, Query?)] {
                let composed = try BenchCommand.time(runs) { _ = try composedOverview(customer.id, actor: actor, query: query) }
                let single = try BenchCommand.time(runs) {
                    _ = try engine.accountOverview(customerId: customer.id, role: actor.role, viewer: actor.login,
                                                   transactions: query)
                }
                print(String(format: "  %@, %@: one read per pane %.2f / %.2f · one read %.2f / %.2f",
                             customer.label, name, composed.p50, composed.p99, single.p50, single.p99))
            }
        }
    }

    /// The overview as the request composed it before: each pane its own read transaction.
    private func composedOverview(_ customerId: Int64, actor: Agent, query: Query?) throws -> Int {
        let customer = try engine.customerView(id: customerId)
        var count = 0
        if let query {
            _ = try engine.transactionTotals(customerId: customerId, query: query)
            count += try engine.transactions(customerId: customerId, query: query, after: nil, before: nil, limit: 150).count
        }
        count += try engine.devices(customerId: customerId).count
        count += try engine.loginEvents(customerId: customerId, limit: 8).count
        count += try engine.tickets(customerId: customerId, limit: 20).count
        count += try engine.availableActions(for: customer, role: actor.role, viewer: actor.login).count
        count += try engine.securityHistory(customerId: customerId, limit: 20).count
        return count
    }
}
