/// Guesses the language a customer writes in, for choosing a reply's language when the
/// customer record does not say. Chat messages are short and mixed ("saldo kepotong
/// pas bayar di indomaret"), so it counts common function words rather than trusting
/// any one of them; CJK ideographs decide for Chinese at once.
public enum LanguageDetection {
    /// The language of `texts`, or nil when nothing in them tells.
    public static func detect(_ texts: [String]) -> ContentLanguage? {
        var indonesian = 0
        var english = 0
        for text in texts {
            if text.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) }) {
                return .zh
            }
            for word in words(text) {
                if indonesianWords.contains(word) { indonesian += 1 }
                if englishWords.contains(word) { english += 1 }
            }
        }
        if indonesian == 0 && english == 0 { return nil }
        return indonesian > english ? .id : .en
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter }.map(String.init)
    }

    /// Frequent Indonesian words, formal and chat ("gak", "udah", "kak"), that are not
    /// English words as well.
    static let indonesianWords: Set<String> = [
        "saya", "aku", "anda", "kamu", "kak", "pak", "bu", "ibu", "bapak", "mohon", "tolong", "terima", "kasih",
        "tidak", "gak", "nggak", "enggak", "tdk", "sudah", "udah", "sdh", "belum", "blm", "yang", "dan", "atau",
        "ini", "itu", "di", "ke", "dari", "untuk", "utk", "dengan", "dgn", "bisa", "akun", "saldo",
        "uang", "transaksi", "gagal", "bayar", "pembayaran", "kenapa", "gimana", "bagaimana", "kapan", "tapi",
        "juga", "lagi", "masih", "sama", "karena", "kok", "ya", "min", "dong", "nya", "ada", "apa", "terpotong",
        "kepotong", "masuk", "kirim", "dikirim", "tarik", "isi", "hari", "kemarin", "tadi", "pagi", "malam",
        "selamat", "halo", "hai", "minta", "kembali", "dikembalikan", "dana", "rekening", "nomor",
    ]

    static let englishWords: Set<String> = [
        "i", "my", "me", "you", "your", "the", "and", "is", "are", "was", "not", "have", "has", "been", "please",
        "thanks", "thank", "hello", "hi", "money", "account", "payment", "failed", "transfer", "why", "when",
        "what", "how", "can", "could", "would", "this", "that", "with", "from", "for", "of", "it", "yesterday",
        "today", "morning", "still", "again", "back", "help", "wallet", "balance", "received", "sent",
    ]
}
