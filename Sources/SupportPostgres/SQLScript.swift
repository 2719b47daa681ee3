import Foundation

/// Splits a script of SQL statements at its semicolons, for a driver that sends one
/// statement at a time (postgres-nio speaks the extended protocol only). Semicolons
/// inside quotes, `$$` bodies (plpgsql) and `--` comments do not split.
enum SQLScript {
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var inQuote = false, inDollar = false, inComment = false
        var previous: Character = " "
        for character in script {
            if inComment {
                if character == "\n" { inComment = false; current.append(character) }
                previous = character
                continue
            }
            if !inQuote && !inDollar && character == "-" && previous == "-" {
                current.removeLast()   // the first dash
                inComment = true
                previous = " "
                continue
            }
            if character == "'" && !inDollar { inQuote.toggle() }
            if character == "$" && previous == "$" && !inQuote { inDollar.toggle() }
            if character == ";" && !inQuote && !inDollar {
                let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !statement.isEmpty { statements.append(statement) }
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        let last = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !last.isEmpty { statements.append(last) }
        return statements
    }
}
