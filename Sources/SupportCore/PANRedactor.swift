/// Removes payment card numbers from free text before it is stored or shown, following
/// Zendesk's rule: 12–19 digits (single spaces or dashes allowed between them) that pass
/// the Luhn check become the first six, stars, and the last four.
public enum PANRedactor {
    public static func redact(_ text: String) -> String {
        let characters = Array(text)
        var output = ""
        var index = 0
        while index < characters.count {
            guard characters[index].isASCIIDigit, !continuesNumber(characters, at: index) else {
                output.append(characters[index])
                index += 1
                continue
            }
            let groups = digitGroups(characters, from: index)
            let runEnd = groups.last!.upperBound
            var cursor = index
            var groupIndex = 0
            // Inside one run (for example a card number followed by its expiry), try the
            // longest group-aligned window first at each starting group.
            while groupIndex < groups.count {
                if let match = cardWindow(characters, groups: groups, startingAt: groupIndex) {
                    output += String(characters[cursor..<groups[groupIndex].lowerBound])
                    output += masked(match.digits)
                    cursor = groups[match.lastGroup].upperBound
                    groupIndex = match.lastGroup + 1
                } else {
                    groupIndex += 1
                }
            }
            output += String(characters[cursor..<runEnd])
            index = runEnd
        }
        return output
    }

    /// Luhn (mod 10) check over a string of digits.
    public static func passesLuhn(_ digits: [Int]) -> Bool {
        guard !digits.isEmpty else { return false }
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            if offset % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }

    // MARK: Internals

    /// A digit glued to a Latin letter or `+` (`+6281…`, `INV2024…`) belongs to a phone
    /// number or an identifier, not a card typed by a person. CJK text is written without
    /// spaces (`卡号4111…`), so only ASCII letters count.
    private static func continuesNumber(_ characters: [Character], at index: Int) -> Bool {
        guard index > 0 else { return false }
        let previous = characters[index - 1]
        return previous == "+" || (previous.isASCII && previous.isLetter) || previous.isASCIIDigit
    }

    /// Consecutive digit groups separated by exactly one space or dash.
    private static func digitGroups(_ characters: [Character], from start: Int) -> [Range<Int>] {
        var groups: [Range<Int>] = []
        var index = start
        while true {
            let groupStart = index
            while index < characters.count, characters[index].isASCIIDigit { index += 1 }
            groups.append(groupStart..<index)
            guard index + 1 < characters.count, characters[index] == " " || characters[index] == "-",
                  characters[index + 1].isASCIIDigit else { break }
            index += 1
        }
        return groups
    }

    private static func cardWindow(_ characters: [Character], groups: [Range<Int>],
                                   startingAt first: Int) -> (digits: [Int], lastGroup: Int)? {
        for last in stride(from: groups.count - 1, through: first, by: -1) {
            let digits = groups[first...last].flatMap { characters[$0].map { $0.wholeNumberValue! } }
            // No issued card starts with 0; a leading 0 is a local phone or account number.
            if (12...19).contains(digits.count), digits.first != 0, passesLuhn(digits) {
                return (digits, last)
            }
        }
        return nil
    }

    private static func masked(_ digits: [Int]) -> String {
        let text = digits.map(String.init).joined()
        return String(text.prefix(6)) + String(repeating: "*", count: digits.count - 10) + String(text.suffix(4))
    }
}
