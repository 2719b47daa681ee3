import Foundation
import SupportStore
import Testing

/// Issue 17, finding 12 through the binary: numbers out of range are usage errors (no
/// trap), and secrets and free text can come on stdin instead of argv (visible in `ps`).
@Suite struct SmallFindingsCommandTests {
    @Test func autocloseOverflowExitsTwoAndReasonsComeFromStdin() throws {
        let db = try Harness.demoDatabase()
        let huge = try Harness.run(["ticket", "autoclose", "--days", "999999999999999", "--db", db, "--as", "sari"])
        #expect(huge.status == 2, "\(huge.stderr)")
        #expect(huge.stderr == "paydesk: --days must be between 1 and 3650.\n")
        #expect(try Harness.run(["ticket", "autoclose", "--db", db, "--as", "budi"]).status == 4)

        let store = try SupportStore(path: db, create: false)
        let wallet = try store.customer(id: 5).walletId
        let secretReason = "caller read KTP 3171-0000-1111"
        let frozen = try Harness.run(["account", "freeze", wallet, "--reason", "-", "--db", db, "--as", "budi"],
                                     stdin: secretReason + "\n")
        #expect(frozen.status == 0, "\(frozen.stderr)")
        let reason = try StoreUnderTest.value(db, """
            SELECT reason FROM audit_log WHERE entity = 'customer' AND entity_id = '5' AND action = 'security.freeze'
            ORDER BY id DESC LIMIT 1
            """)
        #expect(reason == secretReason)

        // A contact search by phone needs a reason, and the reason can come from stdin too.
        let phone = try StoreUnderTest.value(db, "SELECT phone FROM customers WHERE id = 5")
        let bare = try Harness.run(["account", "show", try #require(phone), "--db", db, "--as", "budi"])
        #expect(bare.status == 2 && bare.stderr.contains("--reason"), "\(bare.stderr)")
        let found = try Harness.run(["account", "show", phone!, "--reason", "-", "--db", db, "--as", "budi"],
                                    stdin: "customer on the line\n")
        #expect(found.status == 0 && found.stdout.contains(wallet), "\(found.stderr)")
        let searches = try StoreUnderTest.rows(db, "SELECT reason FROM audit_log WHERE action = 'customer.search' ORDER BY id DESC LIMIT 5")
        #expect(searches.contains { $0.first == "customer on the line" })
    }
}
