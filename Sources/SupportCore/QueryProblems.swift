import Foundation

/// Every problem in a filter, not only the first: the terms of a filter are independent,
/// so a misspelt field and a bad date two terms later are both reported at once, each
/// with its own position, and the agent fixes them in one pass.
extension QueryParser {
    public static func problems(_ input: String, schema: QuerySchema, now: Date,
                                timeZone: TimeZone = BusinessCalendar.jakarta) -> [QueryError] {
        QueryParser(schema: schema, now: now, timeZone: timeZone).problems(input)
    }

    /// Empty exactly when `parse` succeeds. A text too long or a quote left open is one
    /// problem for the whole filter: the terms cannot be told apart then.
    public func problems(_ input: String) -> [QueryError] {
        do throws(QueryError) {
            _ = try parse(input)
            return []
        } catch let first {
            guard input.count <= Self.maxLength else { return [first] }
            let tokens: [QuerySpan]
            do throws(QueryError) { tokens = try QueryLexer.tokens(in: input) } catch { return [error] }
            var found: [QueryError] = []
            var terms = 0, values = 0
            for token in tokens {
                terms += 1
                if terms > Self.maxTerms {
                    found.append(QueryError(position: token.start, length: token.characters.count,
                                            message: "a filter has at most \(Self.maxTerms) terms; combine values with commas or narrow the view"))
                    break
                }
                do throws(QueryError) { values += try term(token).valueCount } catch { found.append(error) }
            }
            if found.isEmpty && values > Self.maxValues { found.append(first) }
            return found.isEmpty ? [first] : found
        }
    }
}
