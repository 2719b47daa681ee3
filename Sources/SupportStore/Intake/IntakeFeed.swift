import Foundation
import SupportCore

/// The contacts an intake run has been handed and not yet committed, in file order, with
/// what the reading side found besides (files read, files or lines it rejected). A
/// transaction takes contacts from the front and asks for the next chunk only when it has
/// used up what is here, so its size is not tied to the reader's chunks. Contacts leave
/// the feed only once the transaction that imported them has committed: a transaction
/// that is rolled back (a busy retry, a database failure) finds the same contacts again.
final class IntakeFeed {
    private let next: () throws -> IntakeBatch?
    /// Handed over, not yet committed.
    private(set) var contacts: [IncomingContact] = []
    private var start = 0
    /// Every chunk has been handed over.
    private(set) var finished = false
    /// What the reading side counted, over every chunk handed over so far.
    private(set) var files = 0
    private(set) var rejections: [IntakeRejection] = []

    init(next: @escaping () throws -> IntakeBatch?) { self.next = next }

    /// Contacts waiting to be committed.
    var count: Int { contacts.count - start }

    /// The contact `offset` places from the front.
    subscript(offset: Int) -> IncomingContact { contacts[start + offset] }

    /// The contacts `range` covers (offsets from the front).
    func slice(_ range: Range<Int>) -> ArraySlice<IncomingContact> {
        contacts[(start + range.lowerBound)..<(start + range.upperBound)]
    }

    /// Takes the next chunk; false when there is none (and never will be).
    @discardableResult
    func fill() throws -> Bool {
        guard !finished else { return false }
        guard let chunk = try next() else { finished = true; return false }
        files += chunk.files
        rejections += chunk.rejections
        if start > 0 && start >= contacts.count / 2 {
            // Committed contacts are dropped in bulk, not one by one from the front.
            contacts.removeFirst(start)
            start = 0
        }
        contacts += chunk.contacts
        return true
    }

    /// Whether more than `taken` contacts are or will be there; waits for the reader when
    /// the ones here are used up and it has not said it is done.
    func hasMore(than taken: Int) throws -> Bool {
        while count <= taken {
            guard try fill() else { return false }
        }
        return true
    }

    /// The first `taken` contacts committed: they leave the feed.
    func commit(_ taken: Int) {
        start += taken
        if start == contacts.count { contacts.removeAll(keepingCapacity: true); start = 0 }
    }
}
