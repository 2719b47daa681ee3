import Testing
@testable import SupportCore

@Suite struct HTMLEntitiesTests {
    @Test func referencesAreDecodedAndEverythingElseKept() {
        #expect(HTMLEntities.decode("Saya &amp; istri &#8220;sudah&#8221; cek &lt;3") == "Saya & istri “sudah” cek <3")
        #expect(HTMLEntities.decode("&#x1F600; &#39;ok&#39; &nbsp;") == "😀 'ok' \u{00A0}")
        // Not references: a bare ampersand, an unknown name, a missing semicolon.
        #expect(HTMLEntities.decode("A & B &bogus; &amp x") == "A & B &bogus; &amp x")
        // Decoding never hides a control character from the sanitiser that runs after it.
        #expect(HTMLEntities.decode("&#27;[31m") == "\u{1B}[31m")
        #expect(HTMLEntities.decode("&#xZZ; &#99999999;") == "&#xZZ; &#99999999;")
    }
}
