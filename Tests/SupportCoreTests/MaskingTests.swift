import Testing
@testable import SupportCore

@Suite struct MaskingTests {
    @Test func phone() {
        #expect(MaskedPhone("+6281234567890").description == "+62 812-****-7890")
        #expect(MaskedPhone("0812-3456-7890").description == "+62 812-****-7890")
        #expect(MaskedPhone("+62 21 5550 1234").description == "+62 215-***-1234")
        #expect(MaskedPhone("+6281234567890").description.filter(\.isNumber) == "628127890")
    }

    @Test func unparseablePhoneKeepsOnlyTheLastFourDigits() {
        #expect(MaskedPhone("ext. 12-3456-789").description == "ext. **-***6-789")
        #expect(MaskedPhone("123").description == "***")
        #expect(MaskedPhone("+44 20 7946 0958").description == "+********0958")
    }

    @Test func email() {
        #expect(MaskedEmail("budi.santoso@example.com").description == "b***@example.com")
        #expect(MaskedEmail("x@y.id").description == "x***@y.id")
        #expect(MaskedEmail("王小明@example.cn").description == "王***@example.cn")
        #expect(MaskedEmail("not-an-email").description == "***")
        #expect(MaskedEmail("@example.com").description == "***")
    }

    @Test func names() {
        #expect(MaskedName("Budi Santoso").description == "B*** S******")
        #expect(MaskedName("王小明").description == "王**")
        #expect(MaskedName("  Siti   Nurhaliza ").description == "S*** N********")
        #expect(MaskedName("Ané").description == "A**")
        // A family emoji is one grapheme of several scalars: it stays one masked character.
        #expect(MaskedName("👨‍👩‍👧x").description == "👨‍👩‍👧*")
        #expect(MaskedName("").description == "")
    }

    @Test func walletId() {
        #expect(MaskedWalletId("WL-0012345678").description == "*********5678")
        #expect(MaskedWalletId("1234").description == "****")
        #expect(MaskedWalletId("12345").description == "*2345")
    }
}

@Suite struct PANRedactorTests {
    @Test func redactsCardNumbersInText() {
        #expect(PANRedactor.redact("my card 4111111111111111 was charged")
                == "my card 411111******1111 was charged")
        #expect(PANRedactor.redact("4111 1111 1111 1111") == "411111******1111")
        #expect(PANRedactor.redact("5500-0000-0000-0004.") == "550000******0004.")
        #expect(PANRedactor.redact("amex 378282246310005") == "amex 378282*****0005")
    }

    @Test func lengthLimits() {
        #expect(PANRedactor.redact("412345678905") == "412345**8905")
        #expect(PANRedactor.redact("6011111111111111110") == "601111*********1110")
        // 20 digits without separators is no card (an id or a reference).
        #expect(PANRedactor.redact("41111111111111111110") == "41111111111111111110")
    }

    @Test func leavesNonCardsAlone() {
        for text in ["4111111111111112", "call 081234567890", "+6281234567890", "INV4111111111111111",
                     "ref 2026-11-01", "amount 100000"] {
            #expect(PANRedactor.redact(text) == text)
        }
    }

    @Test func cardFollowedByMoreDigitsIsStillFound() {
        #expect(PANRedactor.redact("4111 1111 1111 1111 2027") == "411111******1111 2027")
        #expect(PANRedactor.redact("12 4111 1111 1111 1111") == "12 411111******1111")
    }

    @Test func chineseTextWithoutSpaces() {
        #expect(PANRedactor.redact("卡号4111111111111111被盗刷") == "卡号411111******1111被盗刷")
    }

    @Test func severalCards() {
        #expect(PANRedactor.redact("4111111111111111 and 5500000000000004")
                == "411111******1111 and 550000******0004")
    }

    @Test func doubleSeparatorsBreakTheNumber() {
        #expect(PANRedactor.redact("4111  1111 1111 1111") == "4111  1111 1111 1111")
    }

    @Test func luhn() {
        #expect(PANRedactor.passesLuhn([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]))
        #expect(!PANRedactor.passesLuhn([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]))
        #expect(!PANRedactor.passesLuhn([]))
    }
}

@Suite struct ContactNormalizationTests {
    @Test func indonesianPhoneNumbers() {
        for raw in ["0812-3456-7890", "6281234567890", "+62 812 3456 7890", "+62 0812 3456 7890",
                    "(0812) 3456.7890", "81234567890", " +6281234567890 "] {
            #expect(PhoneNumber.normalize(raw) == "+6281234567890", "\(raw)")
        }
        #expect(PhoneNumber.normalize("021-555-0123") == "+62215550123")
    }

    @Test func foreignNumbersKeepTheirCode() {
        #expect(PhoneNumber.normalize("+65 6123 4567") == "+6561234567")
    }

    @Test func rejectsNonsense() {
        for raw in ["", "abc", "0812", "+", "12345678", "0812-3456-7890-1234", "0812x3456"] {
            #expect(PhoneNumber.normalize(raw) == nil, "\(raw)")
        }
    }

    @Test func emails() {
        #expect(EmailAddress.normalize("  Budi.Santoso@Example.COM \n") == "budi.santoso@example.com")
        for raw in ["budi", "budi@", "@example.com", "budi@example", "a b@example.com", "a@b@c.com", "a@.com", "a@b..com"] {
            #expect(EmailAddress.normalize(raw) == nil, "\(raw)")
        }
    }
}
