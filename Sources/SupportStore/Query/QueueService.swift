import Foundation
import GRDB
import SupportCore

/// The saved views of the queue, like Zendesk views or Zammad overviews.
public enum QueueView: String, Sendable, Codable, CaseIterable {
    case mine, unassigned, team, breaching, pending, untriaged, all

    public var title: String {
        switch self {
        case .mine: "My open"
        case .unassigned: "Unassigned"
        case .team: "Team"
        case .breaching: "Breaching"
        case .pending: "Pending"
        case .untriaged: "Untriaged"
        case .all: "All"
        }
    }

    /// Breaching: an open ticket whose SLA falls due within the hour (or is overdue).
    public static let breachingWithin: Int64 = 3_600

    /// The views whose counts the header shows: every view to a supervisor; to an agent,
    /// not Team and All (their own and the unowned tickets, counted at every refresh for
    /// nothing: the longest of an agent's counts).
    public static func counted(canViewAll: Bool) -> [QueueView] {
        canViewAll ? allCases : [.mine, .unassigned, .breaching, .pending, .untriaged]
    }

    /// The statuses of the tickets someone works on (Team's), as an SQL list.
    static let activeStatuses = "('new','open','pending','on_hold')"

    /// The statuses that alone decide the view, when nothing else does (its SQL list):
    /// counted from `ticket_status_counts` for someone who sees every ticket.
    var statusesOnly: String? {
        switch self {
        case .team: Self.activeStatuses
        case .pending: "('pending')"
        case .mine, .unassigned, .breaching, .untriaged, .all: nil
        }
    }
}

public enum QueueSort: String, Sendable, Codable, CaseIterable {
    case slaDue = "sla", priority, age, updated

    /// Sort keys, all in one direction so that a row-value comparison walks the index.
    var keys: [String] {
        switch self {
        case .slaDue: ["t.sla_due_at", "t.id"]
        case .priority: ["t.priority", "t.sla_due_at", "t.id"]
        case .age: ["t.created_at", "t.id"]
        case .updated: ["t.updated_at", "t.id"]
        }
    }

    var descending: Bool { self == .updated }

    /// The partial index over the active tickets in this sort's order (`ActiveQueueSchema`).
    var activeIndex: String {
        switch self {
        case .slaDue: "tickets_active_due"
        case .priority: "tickets_active_priority"
        case .age: "tickets_active_created"
        case .updated: "tickets_active_updated"
        }
    }

    func keyValues(_ row: TicketSummary) -> [DatabaseValueConvertible] {
        let due = row.slaDueAt?.epoch ?? Schema.noDeadline
        switch self {
        case .slaDue: return [due, row.id]
        case .priority: return [row.priority.rawValue, due, row.id]
        case .age: return [row.createdAt.epoch, row.id]
        case .updated: return [row.updatedAt.epoch, row.id]
        }
    }
}

/// What a queue list shows: a view, a parsed filter, a sort, seen by one agent.
public struct QueueSpec: Sendable {
    public var view: QueueView
    public var query: Query
    public var sort: QueueSort
    public var actor: Agent

    public init(view: QueueView, query: Query = Query(source: "", terms: []), sort: QueueSort = .slaDue, actor: Agent) {
        self.view = view; self.query = query; self.sort = sort; self.actor = actor
    }
}

// The queue on either store: the statements are built once, in the dialect of the
// session that runs them.
extension StoreEngine {
    static var activeStatuses: String { QueueView.activeStatuses }

    /// `owner`: the view's tickets of one owner or of none (the header's parts that a commit
    /// can move for everyone, `HeaderCountParts`), in place of the actor's own and unowned.
    func queueCondition(_ spec: QueueSpec, now: Int64, dialect: SQLDialect = .sqlite, forCount: Bool = false,
                        owner: QueueOwner? = nil) -> SQLCondition {
        var parts: [SQLCondition] = []
        let pinned = queueIndexHint(spec, dialect: dialect, forCount: forCount) != nil
        let activeTerm = pinned ? "t.status IN \(Self.activeStatuses) AND " : ""
        switch spec.view {
        // My open is Workload's OPEN: the agent's tickets not waiting on the customer.
        case .mine: parts.append(SQLCondition(sql: "t.assignee_id = ? AND t.status IN \(TicketStatus.openSQL)", arguments: [spec.actor.id]))
        case .unassigned: parts.append(SQLCondition(sql: "t.assignee_id IS NULL AND t.status IN \(Self.activeStatuses)", arguments: []))
        case .team: parts.append(SQLCondition(sql: "t.status IN \(Self.activeStatuses)", arguments: []))
        // Where SQLite is told an active index (`queueIndexHint`), Breaching and Pending
        // repeat the active set's term: implied, but SQLite uses a partial index only when
        // its WHERE appears word for word. Counts keep their plain form (the
        // extra term made the header counts slower), and PostgreSQL proves the implication itself and would
        // multiply the two terms' selectivities.
        case .breaching:
            parts.append(SQLCondition(sql: "\(activeTerm)t.status IN \(TicketStatus.openSQL) AND t.sla_due_at < ?", arguments: [now + QueueView.breachingWithin]))
        case .pending: parts.append(SQLCondition(sql: "\(activeTerm)t.status = 'pending'", arguments: []))
        // Mail no keyword rule categorised, until someone sets its category.
        case .untriaged: parts.append(SQLCondition(sql: "t.untriaged = 1 AND t.status IN \(Self.activeStatuses)", arguments: []))
        case .all: break
        }
        // Agents see their own tickets and the unassigned queue; supervisors see all.
        switch owner {
        case .nobody: parts.append(SQLCondition(sql: "t.assignee_id IS NULL", arguments: []))
        case .agent(let id): parts.append(SQLCondition(sql: "t.assignee_id = ?", arguments: [id]))
        case nil:
            if !spec.actor.role.can(.viewAllQueues) {
                parts.append(SQLCondition(sql: "(t.assignee_id = ? OR t.assignee_id IS NULL)", arguments: [spec.actor.id]))
            }
        }
        parts.append(QueryCompiler.tickets(spec.query, actorId: spec.actor.id, now: now, dialect: dialect))
        // `number:1042` compiles to a closed range, which the planner does not see as a
        // lookup on the unique number and answers by walking the status index (10 ms on
        // 1M tickets); the same bound as an equality makes it a single-row seek.
        for term in spec.query.terms where term.field == "number" && !term.negated {
            if case .numbers(let bounds) = term.condition, bounds.count == 1, let n = bounds[0].lower,
               bounds[0].upper == n, bounds[0].lowerInclusive, bounds[0].upperInclusive {
                parts.append(SQLCondition(sql: "t.number = ?", arguments: [n]))
            }
        }
        return .all(parts)
    }

    /// One page of the queue by keyset: the rows after `after` (or before `before`, for
    /// paging up), never OFFSET, so a deep page costs what the first one does.
    public func queuePage(_ spec: QueueSpec, after: TicketSummary? = nil, before: TicketSummary? = nil,
                          limit: Int = 100) throws -> [TicketSummary] {
        let now = self.now
        return try reading { session in
            try pinQueuePlan(spec, session)
            let page = queuePageStatement(spec, anchor: after ?? before, forward: before == nil, now: now, dialect: session.dialect)
            let rows = try session.fetch(TicketSummaryDecoder.self, page.sql, page.arguments + [limit])
            return before == nil ? rows : rows.reversed()
        }
    }

    /// The last page of a queue (for End), in display order.
    public func queueLastPage(_ spec: QueueSpec, limit: Int = 100) throws -> [TicketSummary] {
        let now = self.now
        return try reading { session in
            try pinQueuePlan(spec, session)
            let page = queueLastPageStatement(spec, now: now, dialect: session.dialect)
            return try session.fetch(TicketSummaryDecoder.self, page.sql, page.arguments + [limit]).reversed()
        }
    }

    /// The index SQLite is told to use for a queue's rows, where its planner guesses wrong.
    /// An unfiltered Team or Unassigned page walks the active tickets' index for its sort:
    /// without statistics for it (a file migrated, not analysed) SQLite reads every active
    /// ticket through the status index and sorts them. The Untriaged view, pages and count,
    /// walks its partial index of the flagged tickets: the planner took the status index and
    /// read every active ticket's row to test the flag (60 ms at 10M, on every reload's
    /// header counts). A filter on Team or Unassigned keeps the planner's choice (`number:`
    /// or `customer:` may seek a better index).
    func queueIndexHint(_ spec: QueueSpec, dialect: SQLDialect, forCount: Bool = false) -> String? {
        guard dialect == .sqlite else { return nil }
        if spec.view == .untriaged { return "tickets_untriaged" }
        guard !forCount, spec.query.terms.isEmpty else { return nil }
        switch spec.view {
        // Breaching is most of the active set (7,430 of 10,801 at 10M): SQLite read it
        // through the status index, three statuses merged, and sorted every match for each
        // page (43–58 ms). Walking the active index in the sort's order finds a page's rows
        // among the first ~150 entries.
        case .team, .unassigned, .breaching: return spec.sort.activeIndex
        // Pending by SLA is the status index's own order already; in any other sort it was
        // sorted whole (8–21 ms at 10M) and walking the active index costs ~600 lookups.
        case .pending: return spec.sort == .slaDue ? nil : spec.sort.activeIndex
        default: return nil
        }
    }

    /// PostgreSQL's counterpart of SQLite's `INDEXED BY` for the active views' pages: it
    /// estimates Breaching from the deadline's histogram (68 rows expected of 7,430 at 10M),
    /// so by priority, age or update it read every breaching ticket and sorted them (33 ms)
    /// instead of walking the sort's active index for a hundred. Sorting is made the last
    /// resort for the page's own read transaction (`SET LOCAL`, sent with the read's BEGIN
    /// and the page's statement in one write), so the walk is taken.
    /// Pending is pinned too: its tickets' deadlines are all the no-deadline mark, past the
    /// histogram's end, so a next page's `(sla_due_at, id) > (mark, id)` was estimated at
    /// one row, and PostgreSQL joined every pending ticket past the first page (1,681 at
    /// 10M) and sorted them (14 ms in psql) instead of walking the index for a hundred.
    ///
    /// An unfiltered page's statement may also keep one plan for all its values (the
    /// connection's prepared statement; reads are planned for their values otherwise,
    /// `PostgresLocation.sessionSettings`): its values are an agent, a deadline and an
    /// anchor, none of which moves the plan. A pinned page keeps one always: PostgreSQL's
    /// own choice (`auto`) kept planning them each time, yet at 10M each of their 48
    /// statements' one plan walked its index as the pin asks (no Sort; 0.21 ms executing
    /// against 0.24 planned each time). The other views leave it to PostgreSQL: All's
    /// pages with one plan read 3x longer, and it plans those each time. A filter's terms
    /// can move the plan (a customer with 400k rows against one with fifty), so a filtered
    /// page is planned for its values.
    func pinQueuePlan(_ spec: QueueSpec, _ session: any SQLSession) throws {
        guard session.dialect == .postgresql, spec.query.terms.isEmpty else { return }
        guard [.team, .unassigned, .breaching, .pending].contains(spec.view) else {
            return try session.setLocal("plan_cache_mode = auto")
        }
        try session.setLocal("enable_sort = off")
        try session.setLocal("plan_cache_mode = force_generic_plan")
    }

    /// The FROM of a page, with the index hint when there is one.
    func queueFrom(_ spec: QueueSpec, dialect: SQLDialect) -> String {
        guard let index = queueIndexHint(spec, dialect: dialect) else { return TicketSummary.joins }
        return TicketSummary.joins.replacingOccurrences(of: "FROM tickets t ", with: "FROM tickets t INDEXED BY \(index) ")
    }

    /// A page's statement, its LIMIT left as the last `?`.
    func queuePageStatement(_ spec: QueueSpec, anchor: TicketSummary?, forward: Bool, now: Int64, dialect: SQLDialect = .sqlite)
        -> (sql: String, arguments: SQLArguments) {
        var condition = queueCondition(spec, now: now, dialect: dialect)
        let keys = spec.sort.keys
        let ascending = spec.sort.descending ? !forward : forward
        if let anchor {
            let op = ascending ? ">" : "<"
            let tuple = "(" + keys.joined(separator: ", ") + ")"
            let marks = "(" + keys.map { _ in "?" }.joined(separator: ", ") + ")"
            condition = .all([condition, SQLCondition(sql: "\(tuple) \(op) \(marks)", arguments: spec.sort.keyValues(anchor))])
        }
        let order = keys.map { $0 + (ascending ? " ASC" : " DESC") }.joined(separator: ", ")
        return ("""
            SELECT \(TicketSummary.columns) \(queueFrom(spec, dialect: dialect))
            WHERE \(condition.sql) ORDER BY \(order) LIMIT ?
            """, condition.arguments)
    }

    func queueLastPageStatement(_ spec: QueueSpec, now: Int64, dialect: SQLDialect = .sqlite) -> (sql: String, arguments: SQLArguments) {
        let condition = queueCondition(spec, now: now, dialect: dialect)
        let order = spec.sort.keys.map { $0 + (spec.sort.descending ? " ASC" : " DESC") }.joined(separator: ", ")
        return ("""
            SELECT \(TicketSummary.columns) \(queueFrom(spec, dialect: dialect))
            WHERE \(condition.sql) ORDER BY \(order) LIMIT ?
            """, condition.arguments)
    }

    public func queueCount(_ spec: QueueSpec) throws -> Int {
        let now = self.now
        return try readingOneStatement { session in
            let count = queueCountStatement(spec, now: now, dialect: session.dialect)
            return try session.fetchValue(count.sql, count.arguments, as: Int.self) ?? 0
        }
    }

    func queueCountStatement(_ spec: QueueSpec, now: Int64, dialect: SQLDialect = .sqlite,
                             owner: QueueOwner? = nil) -> (sql: String, arguments: SQLArguments) {
        let condition = queueCondition(spec, now: now, dialect: dialect, forCount: true, owner: owner)
        // Every ticket (the supervisor's unfiltered "all" view): the per-status counts
        // that triggers keep (v6-performance), not a pass over a million tickets.
        if condition.isAlways { return ("SELECT COALESCE(SUM(count), 0) FROM ticket_status_counts", []) }
        // Team and Pending, unfiltered, for someone who sees every ticket: a set of statuses,
        // so the same kept counts (they were a walk over every active ticket's index entry,
        // 10,801 at 10M, on every header refresh of every supervisor).
        if owner == nil, spec.query.terms.isEmpty, spec.actor.role.can(.viewAllQueues), let statuses = spec.view.statusesOnly {
            return ("SELECT COALESCE(SUM(count), 0) FROM ticket_status_counts WHERE status IN \(statuses)", [])
        }
        let needsCustomer = condition.sql.contains("c.")
        let hint = queueIndexHint(spec, dialect: dialect, forCount: true).map { " INDEXED BY \($0)" } ?? ""
        return ("""
            SELECT COUNT(*) FROM tickets t\(hint) \(needsCustomer ? "JOIN customers c ON c.id = t.customer_id" : "")
            WHERE \(condition.sql)
            """, condition.arguments)
    }

    /// Live counts for the views the header shows (`QueueView.counted`), beside the view
    /// names: each view's count a subquery of one statement, so the header is one round trip (it was one read per
    /// view, six on PostgreSQL) and its counts agree with each other.
    /// Unfiltered, the statement's values are an agent and the instant, which do not move
    /// its plan: on PostgreSQL it keeps one (`force_generic_plan`, written with its read's
    /// BEGIN, which goes in the same write as the statement; COMMIT is not waited for).
    /// PostgreSQL's own choice (`auto`) kept planning it, 0.75 ms of the counts' 2.2 at
    /// 10M; with one plan it ran as fast as planned afresh (1.73 against 1.72 ms in psql).
    /// A filtered header is planned for its values, read alone.
    public func queueCounts(for actor: Agent, query: Query = Query(source: "", terms: [])) throws -> [QueueView: Int] {
        let now = self.now
        let views = QueueView.counted(canViewAll: actor.role.can(.viewAllQueues))
        let unfiltered = query.terms.isEmpty
        let count = { (session: any SQLSession) throws -> [QueueView: Int] in
            if unfiltered && session.dialect == .postgresql { try session.setLocal("plan_cache_mode = force_generic_plan") }
            let counts = views.map { self.queueCountStatement(QueueSpec(view: $0, query: query, actor: actor), now: now, dialect: session.dialect) }
            let sql = "SELECT " + counts.enumerated().map { "(\($1.sql)) AS count\($0)" }.joined(separator: ", ")
            guard let row = try session.fetchRow(sql, counts.flatMap(\.arguments)) else { return [:] }
            var result: [QueueView: Int] = [:]
            for (index, view) in views.enumerated() { result[view] = row["count\(index)"] ?? 0 }
            return result
        }
        return try unfiltered ? reading(count) : readingOneStatement(count)
    }
}

extension SupportStore {
    /// The plans SQLite picks for a queue's count, for the index tests.
    public func queueCountPlan(_ spec: QueueSpec) throws -> [String] {
        let now = self.now
        return try read { db in
            let count = queueCountStatement(spec, now: now)
            return try db.fetchRows("EXPLAIN QUERY PLAN " + count.sql, count.arguments).map { $0["detail"] as String }
        }
    }

    /// The plans SQLite picks for a queue's first page and its End, for the index tests.
    public func queuePagePlans(_ spec: QueueSpec) throws -> (first: [String], last: [String]) {
        let now = self.now
        return try read { db in
            func plan(_ page: (sql: String, arguments: SQLArguments)) throws -> [String] {
                try db.fetchRows("EXPLAIN QUERY PLAN " + page.sql, page.arguments + [100]).map { $0["detail"] as String }
            }
            return (try plan(queuePageStatement(spec, anchor: nil, forward: true, now: now)),
                    try plan(queueLastPageStatement(spec, now: now)))
        }
    }
}
