/// Who is handling a complaint. The wallet guide's ladder: the customer first complains to
/// support, may then take it to a supervisor, to the company's management, and finally to an
/// external regulator (in Indonesia, Bank Indonesia's consumer-protection desk or OJK).
public enum ComplaintLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case agent
    case supervisor
    case management
    case regulator

    public var rank: Int {
        switch self {
        case .agent: 0
        case .supervisor: 1
        case .management: 2
        case .regulator: 3
        }
    }

    public static func < (a: ComplaintLevel, b: ComplaintLevel) -> Bool { a.rank < b.rank }

    /// The one level above this one; nil at the top.
    public var next: ComplaintLevel? {
        switch self {
        case .agent: .supervisor
        case .supervisor: .management
        case .management: .regulator
        case .regulator: nil
        }
    }

    /// How people name the level in a sentence.
    public var title: String {
        switch self {
        case .agent: "the handling agent"
        case .supervisor: "a supervisor"
        case .management: "management"
        case .regulator: "the external regulator"
        }
    }
}

/// The escalation rules in one place, so the store, the console and the command line agree.
///
/// - A complaint only moves up, one level at a time: nobody skips a level, because each
///   level must have had its chance to decide (and the record shows who did).
/// - Each step needs a role: any agent may hand a complaint to a supervisor; a supervisor
///   takes it to management; only an admin (standing in for management, who decides to
///   involve the regulator) records that it went to the external regulator.
/// - Once a complaint sits at a level, only that level's role or higher may close it, so an
///   agent cannot quietly close what a supervisor now owns.
public enum ComplaintEscalation {
    /// The lowest role that may move a complaint up to `level`; nil for `.agent`, which is
    /// where every complaint starts and which nothing escalates to.
    public static func minimumRole(toReach level: ComplaintLevel) -> Role? {
        switch level {
        case .agent: nil
        case .supervisor: .agent
        case .management: .supervisor
        case .regulator: .admin
        }
    }

    /// The lowest role that owns a complaint at `level`: records its final outcome.
    public static func owner(of level: ComplaintLevel) -> Role {
        switch level {
        case .agent: .agent
        case .supervisor: .supervisor
        case .management, .regulator: .admin
        }
    }

    /// Targets `role` may choose from `level` (at most one: the next level).
    public static func allowedTargets(from level: ComplaintLevel, role: Role) -> [ComplaintLevel] {
        guard let next = level.next, let needed = minimumRole(toReach: next), role >= needed else { return [] }
        return [next]
    }

    /// Checks one step. The role is checked before the skip, so an agent asking for
    /// management hears that the role is too low (a permission refusal), not merely that
    /// a level was skipped.
    public static func check(from: ComplaintLevel, to: ComplaintLevel, role: Role) throws(ComplaintEscalationError) {
        guard to > from else { throw .notUpward(from: from, to: to) }
        if let needed = minimumRole(toReach: to), role < needed {
            throw .roleTooLow(role: role, to: to, needed: needed)
        }
        guard let next = from.next, to == next else { throw .skipsLevel(from: from, to: to, next: from.next ?? from) }
    }

    /// Whether `role` may record the final outcome of a complaint at `level`.
    public static func mayClose(at level: ComplaintLevel, role: Role) -> Bool {
        role >= owner(of: level)
    }
}

/// A refused escalation, in one sentence that says what would be allowed.
public enum ComplaintEscalationError: Error, Sendable, Hashable, CustomStringConvertible {
    case notUpward(from: ComplaintLevel, to: ComplaintLevel)
    case skipsLevel(from: ComplaintLevel, to: ComplaintLevel, next: ComplaintLevel)
    case roleTooLow(role: Role, to: ComplaintLevel, needed: Role)

    /// Bad direction or a skipped level is a conflict with the complaint's state; a role
    /// that is too low is a permission refusal (the command line exits 4 and it is audited).
    public var isPermission: Bool {
        if case .roleTooLow = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .notUpward(let from, let to):
            from == to
                ? "the complaint is already with \(to.title)"
                : "a complaint only moves up; it is with \(from.title), above \(to.title)"
        case .skipsLevel(let from, let to, let next):
            "a complaint cannot skip a level: from \(from.title) it goes to \(next.title) before \(to.title)"
        case .roleTooLow(let role, let to, let needed):
            "a\(role == .agent || role == .admin ? "n" : "") \(role.rawValue) may not escalate a complaint to \(to.title); that needs a\(needed == .admin || needed == .agent ? "n" : "") \(needed.rawValue)"
        }
    }
}
