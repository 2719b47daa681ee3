import Foundation
@testable import SupportCore
import Testing

/// The detector on hand-written stories: each takeover pattern is marked at the right
/// event with its reason, and each decoy is explained but not marked.
@Suite struct CompromiseDetectorTests {
    static let turn: Int64 = 1_795_575_600
    static let day: Int64 = 86_400
    var next: Int64 = 0

    /// Forty days of daily logins from the home phone in Bandung on one network.
    func ordinaryLife() -> [TimelineEntry] {
        (0..<40).map { d in
            login(at: Self.turn - Int64(40 - d) * Self.day, device: 1, model: "iPhone 13", place: "Bandung",
                  ip: "36.72.1.\(d + 1)", id: Int64(d))
        }
    }

    func login(at: Int64, device: Int64?, model: String?, place: String, ip: String, ok: Bool = true, id: Int64) -> TimelineEntry {
        TimelineEntry(key: TimelineKey(at: at, rank: 1, rowId: id), kind: ok ? .loginOk : .loginFailed, deviceId: device,
                      device: model, place: place, ip: ip)
    }

    func event(_ kind: AccountEventKind, at: Int64, device: Int64? = nil, place: String? = nil, ip: String? = nil,
               detail: String = "", id: Int64) -> TimelineEntry {
        TimelineEntry(key: TimelineKey(at: at, rank: 0, rowId: id), kind: kind, deviceId: device, place: place, ip: ip, detail: detail)
    }

    func scan(_ extra: [TimelineEntry], rules: DetectionRules = .defaults) -> CompromiseReport {
        CompromiseDetector(rules: rules).scan((ordinaryLife() + extra).sorted { $0.key < $1.key },
                                              from: Date(timeIntervalSince1970: TimeInterval(Self.turn - 30 * Self.day)))
    }

    @Test func takeoverAfterFailedLoginIsMarkedAtTheThiefsFirstLogin() throws {
        let report = scan([
            login(at: Self.turn - 36 * 60, device: 9, model: "OPPO A78", place: "Semarang", ip: "103.47.2.2", ok: false, id: 100),
            login(at: Self.turn, device: 9, model: "OPPO A78", place: "棉兰", ip: "103.47.9.9", id: 101),
        ])
        let mark = try #require(report.compromise)
        #expect(mark.key.rowId == 101)
        #expect(mark.line == "first login on an unseen device (OPPO A78), 棉兰 (never seen), new network 103.47.x.x, 36 min after a failed login from Semarang")
        #expect(mark.arithmetic == "unseen device 3 + unseen place 1 + unseen network 1 + failed login before 1 = 6 ≥ 4")
    }

    @Test func simSwapIsMarkedAtTheLoginAfterTheContactChange() throws {
        let report = scan([
            event(.contactChanged, at: Self.turn - 25 * 60, detail: "phone moved to a new SIM", id: 200),
            login(at: Self.turn, device: 7, model: "realme C55", place: "Bandung", ip: "36.72.8.8", id: 201),
        ])
        let mark = try #require(report.compromise)
        #expect(mark.key.rowId == 201)
        #expect(Set(mark.hits.map(\.signal)) == [.unseenDevice, .contactChangeBefore])
        #expect(mark.line.contains("25 min after a contact change (phone moved to a new SIM)"))
    }

    @Test func resetFromAStrangersPhoneIsMarkedAtTheReset() throws {
        let report = scan([
            event(.resetRequested, at: Self.turn, device: 8, place: "Medan", ip: "45.127.1.1", id: 300),
            event(.passwordChanged, at: Self.turn + 180, device: 8, place: "Medan", ip: "45.127.1.1", id: 301),
        ])
        let mark = try #require(report.compromise)
        #expect(mark.key.rowId == 300)
        #expect(mark.hits.map(\.signal).contains(.resetNotStarted))
        #expect(mark.line.hasPrefix("first password reset request on an unseen device"))
    }

    @Test func newPhoneDecoyIsExplainedNotMarked() throws {
        let report = scan([
            event(.deviceBound, at: Self.turn, device: 5, place: "Bandung", ip: "36.72.5.5", id: 400),
            login(at: Self.turn + 60, device: 5, model: "iPhone 16", place: "Bandung", ip: "36.72.5.6", id: 401),
        ])
        #expect(report.compromise == nil)
        let note = try #require(report.notes.first)
        #expect(note.key.rowId == 400)
        #expect(note.line.contains("looks like a new phone"))
        #expect(note.line.hasSuffix("not marked (3 < 4)"))
    }

    @Test func tripAbroadDecoyIsExplainedNotMarked() throws {
        let report = scan([
            login(at: Self.turn - 120, device: 1, model: "iPhone 13", place: "新加坡", ip: "116.86.1.1", ok: false, id: 500),
            login(at: Self.turn, device: 1, model: "iPhone 13", place: "新加坡", ip: "116.86.1.2", id: 501),
        ])
        #expect(report.compromise == nil)
        let note = try #require(report.notes.first)
        #expect(note.line.contains("known device iPhone 13, 新加坡 (never seen)"))
        #expect(note.line.contains("looks like travel"))
    }

    @Test func aThinBaselineMarksNothing() {
        let report = CompromiseDetector().scan([
            login(at: Self.turn - 100, device: 1, model: "x", place: "Bandung", ip: "1.2.3.4", id: 1),
            login(at: Self.turn, device: 2, model: "y", place: "Medan", ip: "9.9.9.9", id: 2),
        ], from: Date(timeIntervalSince1970: 0))
        #expect(report.compromise == nil && report.notes.isEmpty)
    }

    @Test func weightsAreData() throws {
        var rules = DetectionRules.defaults
        rules.set("unseen_place", 2)
        rules.set("mark_threshold", 2)
        let report = scan([login(at: Self.turn, device: 1, model: "iPhone 13", place: "Bangkok", ip: "36.72.0.1", id: 600)], rules: rules)
        #expect(try #require(report.compromise).arithmetic == "unseen place 2 = 2 ≥ 2")
        #expect(DetectionRules.problem(name: "mark_threshold", value: 0) != nil)
        #expect(DetectionRules.problem(name: "nonsense", value: 1)?.hasPrefix("No detection rule") == true)
    }

    // MARK: pre-selection

    func tx(_ ref: String, _ type: TransactionType, _ rupiah: Int64, _ cp: String, at: Int64, status: TransactionStatus = .success) -> Transaction {
        Transaction(id: ref.utf8.reduce(Int64(0)) { $0 * 31 + Int64($1) }, reference: ref, customerId: 1, type: type, status: status,
                    amount: rupiah * 100, currency: "IDR", counterparty: cp, channel: "app", failureCode: nil,
                    at: Date(timeIntervalSince1970: TimeInterval(at)), flagged: false)
    }

    @Test func suspectsAreNewCounterpartiesWithdrawalsAndLargeAmounts() {
        let baseline = (0..<10).map { tx("B\($0)", .payment, 100_000, $0 % 2 == 0 ? "Tokopedia" : "PLN Token Listrik", at: Self.turn - Int64($0 + 1) * Self.day) }
        let after = [
            tx("F1", .p2pOut, 2_000_000, "Rudi Hartono", at: Self.turn + 300),
            tx("F2", .withdrawal, 3_000_000, "BRI ****9921", at: Self.turn + 600),
            tx("F3", .payment, 900_000, "tokopedia", at: Self.turn + 700),
            tx("L1", .billPayment, 120_000, "PLN Token Listrik", at: Self.turn + 800),
            tx("L2", .p2pOut, 50_000, "Someone New", at: Self.turn + 900, status: .failed),
            tx("L3", .topup, 5_000_000, "BCA", at: Self.turn + 1_000),
        ]
        let suspects = SuspectSelector().select(after: after, baseline: baseline)
        #expect(suspects.map(\.reference) == ["F1", "F2", "F3"])
        #expect(suspects[0].reasons == ["never paid Rudi Hartono before", "20× the usual Rp100.000"])
        #expect(suspects[1].reasons.contains("withdrawal to BRI ****9921"))
        #expect(suspects[2].reasons == ["9× the usual Rp100.000"])
    }

    @Test func evaluationCountsTheFigures() {
        let t = Date(timeIntervalSince1970: 1_000_000)
        let verdicts = [
            StoryVerdict(story: PlantedStory(customerId: 1, walletId: "A", kind: .takeover, compromisedAt: t, fraudReferences: ["a", "b"]),
                         markedAt: t.addingTimeInterval(240), selected: ["a", "x"]),
            StoryVerdict(story: PlantedStory(customerId: 2, walletId: "B", kind: .newPhone, compromisedAt: nil, fraudReferences: []),
                         markedAt: nil, selected: []),
        ]
        let e = DetectorEvaluation(verdicts)
        #expect(e.onTime == 1 && e.takeovers == 1 && e.decoysMarked == 0)
        #expect(e.precision == 0.5 && e.recall == 0.5)
    }
}
