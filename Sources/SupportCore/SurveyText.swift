import Foundation

/// The satisfaction survey a customer gets when their ticket is solved, in their language,
/// and the reading of their answer.
public enum SurveyText {
    public static func subject(_ number: Int64, _ language: ContentLanguage) -> String {
        let token = "[\(TicketNumber.format(number))]"
        switch language {
        case .en: return "How did we do? \(token)"
        case .id: return "Bagaimana layanan kami? \(token)"
        case .zh: return "您对我们的服务满意吗？\(token)"
        }
    }

    public static func body(_ number: Int64, subject: String, _ language: ContentLanguage) -> String {
        let n = TicketNumber.format(number)
        switch language {
        case .en:
            return """
                Your request \(n) "\(subject)" has been solved.

                How satisfied are you with our help? Reply to this message with one number from \
                1 (very unhappy) to 5 (very happy). You may add a comment after the number.

                If the problem is not solved, just reply and tell us: the ticket reopens.
                """
        case .id:
            return """
                Permintaan Anda \(n) "\(subject)" sudah diselesaikan.

                Seberapa puas Anda dengan bantuan kami? Balas pesan ini dengan satu angka dari \
                1 (sangat tidak puas) sampai 5 (sangat puas). Anda boleh menambahkan komentar setelah angka.

                Jika masalahnya belum selesai, balas saja dan ceritakan kepada kami: tiket akan dibuka kembali.
                """
        case .zh:
            return """
                您的请求 \(n)「\(subject)」已解决。

                您对我们的帮助满意吗？请回复本消息，写一个 1（非常不满意）到 5（非常满意）的数字，\
                数字后面可以附上您的意见。

                如果问题尚未解决，直接回复告诉我们即可，工单会重新打开。
                """
        }
    }

    /// The score in an answer, and the comment after it: the first line that is not a
    /// quotation of our mail, when it starts with one digit 1–5 (ASCII, full-width or
    /// Chinese 一…五) standing alone (`5`, `5 - great`, `4/5`, `5.`), or is only stars
    /// (`⭐⭐⭐⭐⭐`, `★★★`). Anything else is not an answer (`15 minutes`, `2nd time`), so
    /// the message is threaded as a customer message, which reopens the ticket.
    public static func score(in text: String) -> (score: Int, comment: String?)? {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let line = lines.first(where: { !$0.isEmpty && !$0.hasPrefix(">") }) else { return nil }
        let stars = line.filter { $0 == "⭐" || $0 == "★" || $0 == "🌟" }
        if !stars.isEmpty, line.allSatisfy({ "⭐★🌟☆ \u{FE0F}".contains($0) }) {
            return (1...5).contains(stars.count) ? (stars.count, nil) : nil
        }
        let digits: [Character: Int] = ["1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "１": 1, "２": 2, "３": 3, "４": 4, "５": 5,
                                        "一": 1, "二": 2, "三": 3, "四": 4, "五": 5]
        guard let first = line.first, let score = digits[first] else { return nil }
        let rest = line.dropFirst()
        if let next = rest.first {
            // `4/5` and `5 of 5` keep the score; a longer number or a word glued on is not one.
            guard !next.isNumber, !next.isLetter || next == "分" else { return nil }
        }
        var comment = rest.drop { $0 == " " || $0 == "分" }
        for prefix in ["/5", "/ 5", "／5"] where comment.hasPrefix(prefix) { comment = comment.dropFirst(prefix.count) }
        let cleaned = String(comment).trimmingCharacters(in: CharacterSet(charactersIn: " -–—.:,!/)，。：！"))
        return (score, cleaned.isEmpty ? nil : cleaned)
    }
}
