/// The reply a console offers when an agent attaches an exported statement: the agent
/// edits it before sending, in the language the customer gets replies in.
public enum StatementReplyText {
    public static func body(fileName: String, _ language: ContentLanguage) -> String {
        switch language {
        case .en: "Hello, as requested we attach your transaction statement (\(fileName)). Please let us know if anything in it looks wrong."
        case .id: "Halo, sesuai permintaan Anda, kami lampirkan riwayat transaksi Anda (\(fileName)). Kabari kami jika ada yang tidak sesuai."
        case .zh: "您好，按照您的要求，附上您的交易记录（\(fileName)）。如有任何不符之处，请告诉我们。"
        }
    }
}
