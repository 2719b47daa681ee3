import AgentConsole
import ConsoleBench
import Foundation
import SupportAPI
import SupportRemote
import SupportStore

/// `paydesk-dev bench-postgres --server A --peer B`: how long a write through one instance
/// takes to reach a console connected to another (LISTEN/NOTIFY between them). A console's
/// event stream is opened on B; notes are added through A, one at a time; each sample is
/// the time from A acknowledging the note (its transaction committed) to B's stream
/// delivering the ticket's change, and also from sending the note. Prints numbers only.
struct PeerDelay {
    let writer: RemoteClient
    let peer: RemoteClient
    let samples: Int

    func run() throws {
        let feed = try peer.changeFeed()
        defer { feed.close() }
        let actor = try writer.whoAmI()
        guard let ticket = try writer.queuePage(QueueSpec(view: actor.role.can(.viewAllQueues) ? .all : .mine, actor: actor), limit: 1).first
        else { throw CommandFailure.other("no ticket to write notes on through \(writer.socketPath)") }
        // The stream is open once B has sent its first event; wait for a write to arrive.
        try note(ticket, "bench: warm-up")
        guard heard(feed, ticket.number, within: 10) != nil else {
            throw CommandFailure.other("\(peer.socketPath) never relayed a change made through \(writer.socketPath)")
        }
        var afterCommit: [UInt64] = [], afterSend: [UInt64] = []
        var lost = 0
        for i in 0..<samples {
            while feed.poll() != nil {}
            let sent = DispatchTime.now().uptimeNanoseconds
            try note(ticket, "bench: note \(i)")
            let committed = DispatchTime.now().uptimeNanoseconds
            guard let arrived = heard(feed, ticket.number, within: 5) else { lost += 1; continue }
            afterCommit.append(arrived - committed)
            afterSend.append(arrived - sent)
        }
        let commit = FrameTiming(name: "", samples: afterCommit), send = FrameTiming(name: "", samples: afterSend)
        print("ticket #\(ticket.number): \(samples) notes through \(writer.socketPath), heard on \(peer.socketPath); ms")
        print(String(format: "  acknowledged → heard on the peer: p50 %.2f · p99 %.2f · max %.2f",
                     commit.percentile(50), commit.percentile(99), commit.percentile(100)))
        print(String(format: "  sent → heard on the peer:         p50 %.2f · p99 %.2f · max %.2f",
                     send.percentile(50), send.percentile(99), send.percentile(100)))
        if lost > 0 { print("  \(lost) of \(samples) changes were not heard within 5 s") }
    }

    private func note(_ ticket: TicketSummary, _ body: String) throws {
        _ = try writer.note(ticket: ticket.number, body: body)
    }

    /// Polls B's stream (a bench may spin; tests may not) until the ticket's change arrives.
    /// A change set names tickets by number.
    private func heard(_ feed: ChangeFeed, _ number: Int64, within seconds: Double) -> UInt64? {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        while DispatchTime.now().uptimeNanoseconds < deadline {
            if let change = feed.poll(), change.everything || change.tickets.contains(number) {
                return DispatchTime.now().uptimeNanoseconds
            }
            usleep(100)
        }
        return nil
    }
}
