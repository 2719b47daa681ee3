import SupportCore

/// The messages, notes and claims a demo ticket gathers after it was written, as gaps
/// drawn one after another. They are placed from the ticket's creation on and, when
/// they would run past now, squeezed in proportion so that nothing happens in the future.
struct DemoTimeline {
    struct Step { let kind: TicketEventKind; let author: String; let body: String; let gap: Int64 }
    private(set) var steps: [Step] = []

    mutating func add(_ kind: TicketEventKind, author: String, body: String, after gap: Int64) {
        steps.append(Step(kind: kind, author: author, body: body, gap: gap))
    }

    /// Each step's time; the last is at most `latest` (which must not be before `start`).
    func times(from start: Int64, notAfter latest: Int64) -> [Int64] {
        let total = steps.reduce(0) { $0 + $1.gap }
        let room = max(0, latest - start)
        var at = start
        return steps.map { step in
            at += total <= room ? step.gap : step.gap * room / total
            return at
        }
    }
}
