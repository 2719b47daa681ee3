import Foundation

/// One keyword rule: mail whose subject or body holds `keyword` gets `category` and
/// `subcategory` at intake. Rules are data (the `category_rules` table), so supervisors
/// tune them without a release.
public struct CategoryRule: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var keyword: String
    public var language: ContentLanguage
    public var category: Category
    public var subcategory: String
    public var createdBy: String
    public var createdAt: Date

    public init(id: Int64, keyword: String, language: ContentLanguage, category: Category, subcategory: String,
                createdBy: String = "default", createdAt: Date = Date(timeIntervalSince1970: 0)) {
        self.id = id; self.keyword = keyword; self.language = language; self.category = category
        self.subcategory = subcategory; self.createdBy = createdBy; self.createdAt = createdAt
    }
}

/// Matching mail against the rules. Plain text comparison, never a pattern language: a
/// keyword such as `a.*b` or `(` means those characters, so a rule cannot be made to match
/// everything or to take time out of proportion to the text.
public enum CategoryRules {
    public static let maximumKeywordCharacters = 80

    /// The rule that decides, or nil (the mail is untriaged). Case does not matter. A Latin
    /// keyword matches whole words only (`pin` is not in `pinjam`), with any run of spaces or
    /// line breaks standing for a space; a keyword in Chinese (or any CJK script, which does
    /// not separate words) matches anywhere. The longest matching keyword wins, as the most
    /// specific (`saldo terpotong` over `saldo`); equal lengths go to the older rule.
    public static func match(_ rules: [CategoryRule], subject: String, body: String) -> CategoryRule? {
        let text = normalized(subject + "\n" + body)
        var best: CategoryRule?
        for rule in rules {
            let keyword = normalized(rule.keyword)
            guard !keyword.isEmpty, contains(text, keyword) else { continue }
            if let current = best {
                let (a, b) = (keyword.count, normalized(current.keyword).count)
                if a < b || (a == b && rule.id > current.id) { continue }
            }
            best = rule
        }
        return best
    }

    /// Why a keyword cannot be a rule, or nil. Empty, too long or control characters:
    /// each would either match nothing, match everything or corrupt a listing.
    public static func problem(keyword: String, category: Category, subcategory: String) -> String? {
        let trimmed = keyword.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "A keyword cannot be empty." }
        if trimmed.count > maximumKeywordCharacters {
            return "A keyword is at most \(maximumKeywordCharacters) characters; this one has \(trimmed.count)."
        }
        if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
            return "A keyword cannot hold control or formatting characters."
        }
        if !trimmed.contains(where: { $0.isLetter || $0.isNumber }) {
            return "A keyword needs at least one letter or digit."
        }
        if !category.subcategories.contains(subcategory) {
            return "'\(subcategory)' is not a subcategory of \(category.rawValue); use \(category.subcategories.joined(separator: ", "))."
        }
        return nil
    }

    /// Lower case with every run of white space as one space, trimmed.
    static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFF00...0xFFEF, 0x20000...0x3134F: true
        default: false
        }
    }

    static func contains(_ text: String, _ keyword: String) -> Bool {
        if keyword.unicodeScalars.contains(where: isCJK) { return text.contains(keyword) }
        func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        var searchStart = text.startIndex
        while let found = text.range(of: keyword, range: searchStart..<text.endIndex) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            // A boundary is needed only where the keyword itself starts or ends with a word
            // character: `#1029` or `(refund)` mean exactly those characters.
            let startOK = !(keyword.first.map(isWordCharacter) ?? false) || !(before.map(isWordCharacter) ?? false)
            let endOK = !(keyword.last.map(isWordCharacter) ?? false) || !(after.map(isWordCharacter) ?? false)
            if startOK && endOK { return true }
            searchStart = text.index(after: found.lowerBound)
        }
        return false
    }
}

extension CategoryRules {
    /// The rules a new database starts with, from the wallet's support guide: its service
    /// categories in the words customers use, in Indonesian, English and Chinese.
    public static let defaults: [(keyword: String, language: ContentLanguage, category: Category, subcategory: String)] = {
        var rows: [(String, ContentLanguage, Category, String)] = []
        func add(_ language: ContentLanguage, _ category: Category, _ subcategory: String, _ words: [String]) {
            rows += words.map { ($0, language, category, subcategory) }
        }
        add(.id, .account, "password_reset", ["lupa password", "lupa kata sandi", "lupa pin", "reset pin", "ganti pin"])
        add(.id, .account, "registration", ["daftar akun", "registrasi", "pendaftaran", "verifikasi ktp"])
        add(.id, .account, "closure", ["tutup akun", "hapus akun", "penutupan akun"])
        add(.id, .payment, "failed_payment", ["gagal bayar", "pembayaran gagal", "transaksi gagal", "saldo terpotong", "saldo kepotong"])
        add(.id, .payment, "transaction_query", ["riwayat transaksi", "mutasi", "bukti transaksi"])
        add(.id, .security, "stolen_account", ["akun dibobol", "dibobol", "diretas", "akun dicuri", "hp hilang"])
        add(.id, .security, "abnormal_transaction", ["transaksi mencurigakan", "tidak dikenal", "bukan saya"])
        add(.id, .technical, "app_crash", ["aplikasi error", "keluar sendiri", "force close", "tidak bisa dibuka"])
        add(.id, .technical, "update_failure", ["gagal update", "tidak bisa update", "gagal memperbarui"])
        add(.id, .complaint, "complaint", ["keluhan", "komplain", "kecewa"])
        add(.id, .complaint, "suggestion", ["saran", "masukan"])
        add(.en, .account, "password_reset", ["forgot password", "reset password", "forgot pin", "change pin"])
        add(.en, .account, "registration", ["register", "registration", "sign up", "signup"])
        add(.en, .account, "closure", ["close my account", "delete my account", "account closure"])
        add(.en, .payment, "failed_payment", ["payment failed", "failed payment", "transaction failed", "charged twice", "debited"])
        add(.en, .payment, "transaction_query", ["transaction history", "statement", "receipt"])
        add(.en, .security, "stolen_account", ["hacked", "stolen", "account taken over", "lost my phone"])
        add(.en, .security, "abnormal_transaction", ["unauthorized", "unauthorised", "suspicious transaction", "did not make"])
        add(.en, .technical, "app_crash", ["crash", "crashes", "crashing", "keeps closing"])
        add(.en, .technical, "update_failure", ["update failed", "cannot update", "can't update"])
        add(.en, .complaint, "complaint", ["complaint", "complain", "disappointed"])
        add(.en, .complaint, "suggestion", ["suggestion", "feature request"])
        add(.zh, .account, "password_reset", ["忘记密码", "重置密码", "找回密码"])
        add(.zh, .account, "registration", ["注册", "实名认证"])
        add(.zh, .account, "closure", ["注销", "销户"])
        add(.zh, .payment, "failed_payment", ["支付失败", "付款失败", "交易失败", "重复扣款"])
        add(.zh, .payment, "transaction_query", ["交易记录", "账单", "流水"])
        add(.zh, .security, "stolen_account", ["被盗", "盗号", "账号被盗", "手机丢失"])
        add(.zh, .security, "abnormal_transaction", ["异常交易", "可疑交易", "不是我"])
        add(.zh, .technical, "app_crash", ["闪退", "崩溃"])
        add(.zh, .technical, "update_failure", ["更新失败", "无法更新", "升级失败"])
        add(.zh, .complaint, "complaint", ["投诉"])
        add(.zh, .complaint, "suggestion", ["建议"])
        return rows.map { (keyword: $0.0, language: $0.1, category: $0.2, subcategory: $0.3) }
    }()
}
