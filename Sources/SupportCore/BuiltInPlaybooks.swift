// The five flows of the wallet support guide as agent checklists, in our own words, in
// English, Bahasa Indonesia and Chinese (step texts follow the agent's language).
// Agent-facing: they say what to check and do, not what to tell the customer (macros do).

extension Playbook {
    public static let builtIn: [Playbook] = [failedPayment, forgottenPassword, stolenAccount,
                                            transactionRecords, complaint]

    static let failedPayment = Playbook(
        key: "failed-payment",
        title: LocalizedText(en: "Failed payment", id: "Pembayaran gagal", zh: "支付失败"),
        category: .payment, subcategory: "failed_payment",
        steps: [
            step("balance", "Compare the wallet balance with the payment amount plus fees.",
                 "Bandingkan saldo dompet dengan nominal pembayaran ditambah biaya.",
                 "核对钱包余额是否足以支付金额及手续费。"),
            step("network", "Ask whether the customer's connection dropped during the attempt.",
                 "Tanyakan apakah koneksi nasabah terputus saat transaksi dilakukan.",
                 "询问客户付款时网络是否中断。"),
            step("payee-amount", "Confirm the payee and the amount the customer entered.",
                 "Pastikan penerima dan nominal yang dimasukkan nasabah sudah benar.",
                 "确认客户填写的收款方和金额无误。"),
            step("app-version", "Check the app version on the customer's device; advise updating if it is old.",
                 "Periksa versi aplikasi di perangkat nasabah; sarankan pembaruan jika sudah lama.",
                 "查看客户设备上的应用版本,版本过旧时建议更新。"),
            step("outage", "Check the service status board for maintenance or an outage at that time.",
                 "Periksa papan status layanan: apakah ada pemeliharaan atau gangguan pada jam tersebut.",
                 "查看服务状态面板,确认当时是否有维护或故障。"),
            step("locate", "Find the transaction by time and amount and attach it to the ticket.",
                 "Cari transaksinya berdasarkan waktu dan nominal, lalu lampirkan ke tiket.",
                 "按时间和金额找到该笔交易,并关联到工单。"),
            step("investigate", "Read the failure code and details; if money left the balance, open a trace with the payments team.",
                 "Baca kode dan detail kegagalan; jika saldo sudah terpotong, ajukan penelusuran ke tim pembayaran.",
                 "查看失败代码和详情;如已扣款,向支付团队发起核查。"),
        ])

    static let forgottenPassword = Playbook(
        key: "forgotten-password",
        title: LocalizedText(en: "Forgotten password", id: "Lupa kata sandi", zh: "忘记密码"),
        category: .account, subcategory: "password_reset",
        steps: [
            step("verify-identity", "Verify identity against the registered email or phone; never ask for the old password.",
                 "Verifikasi identitas lewat email atau nomor ponsel terdaftar; jangan pernah menanyakan kata sandi lama.",
                 "通过绑定的邮箱或手机号核实身份,切勿询问旧密码。"),
            step("send-code", "Trigger a one-time code to the registered contact; you cannot see the code.",
                 "Kirim kode sekali pakai ke kontak terdaftar; Anda tidak dapat melihat kodenya.",
                 "向绑定的联系方式发送一次性验证码;客服看不到验证码内容。"),
            step("guide-reset", "Guide the customer to enter the code and choose a new password that meets the policy.",
                 "Pandu nasabah memasukkan kode dan membuat kata sandi baru sesuai ketentuan.",
                 "引导客户输入验证码并设置符合安全要求的新密码。"),
            step("confirm-login", "Confirm the customer can log in; you never see or set the password yourself.",
                 "Pastikan nasabah bisa masuk; Anda tidak pernah melihat atau membuatkan kata sandinya.",
                 "确认客户能够正常登录;客服不会查看或代设密码。"),
        ])

    static let stolenAccount = Playbook(
        key: "stolen-account",
        title: LocalizedText(en: "Stolen account", id: "Akun dibobol", zh: "账户被盗"),
        category: .security, subcategory: "stolen_account",
        steps: [
            PlaybookStep(key: "freeze", text: LocalizedText(
                en: "Freeze the account at once, before anything else.",
                id: "Bekukan akun saat itu juga, sebelum langkah lainnya.",
                zh: "首先立即冻结账户。"), securityAction: .freeze),
            PlaybookStep(key: "revoke-sessions", text: LocalizedText(
                en: "Sign out every session and device.",
                id: "Keluarkan semua sesi dan perangkat dari akun.",
                zh: "退出所有会话和设备的登录。"), securityAction: .revokeSessions),
            PlaybookStep(key: "force-reset", text: LocalizedText(
                en: "Force a credential reset so the customer must set new credentials.",
                id: "Paksa pengaturan ulang data masuk agar nasabah wajib membuat yang baru.",
                zh: "强制重置凭证,客户必须重新设置登录凭证。"), securityAction: .forceCredentialReset),
            step("review-activity", "Review recent logins and transactions; flag every one the customer does not recognise.",
                 "Periksa login dan transaksi terakhir; tandai setiap transaksi yang tidak dikenali nasabah.",
                 "核查近期登录和交易,将客户不认识的每一笔标记为可疑。", result: .flagsOrReason),
            step("open-appeal", "Open an appeal with the time of compromise and the suspicious transactions.",
                 "Ajukan banding dengan waktu akun dibobol dan transaksi yang mencurigakan.",
                 "提交申诉,写明被盗时间和可疑交易。"),
            step("device-check", "Advise the customer to scan the device for malware and remove unknown apps.",
                 "Sarankan nasabah memindai perangkat dari malware dan menghapus aplikasi yang tidak dikenal.",
                 "建议客户扫描设备恶意软件并删除陌生应用。"),
            step("two-factor", "Require two-factor verification before the account is unfrozen.",
                 "Wajibkan verifikasi dua langkah sebelum akun dicairkan kembali.",
                 "解冻前要求客户开启双重验证。"),
        ])

    static let transactionRecords = Playbook(
        key: "transaction-records",
        title: LocalizedText(en: "Transaction records", id: "Riwayat transaksi", zh: "交易记录查询"),
        category: .payment, subcategory: "transaction_query",
        steps: [
            step("filter", "Filter the customer's transactions by the time range and type they ask about.",
                 "Saring transaksi nasabah menurut rentang waktu dan jenis yang ditanyakan.",
                 "按客户询问的时间范围和交易类型筛选交易。"),
            step("details", "Open the transactions in question and confirm status, amount and counterparty.",
                 "Buka transaksi yang dimaksud dan pastikan status, nominal, dan pihak lawannya.",
                 "打开相关交易,核对状态、金额和交易对方。"),
            step("export", "Export the filtered list to Excel or PDF if the customer needs a statement.",
                 "Ekspor daftar tersebut ke Excel atau PDF jika nasabah memerlukan rekening koran.",
                 "客户需要对账单时,将筛选结果导出为 Excel 或 PDF。"),
            step("explain", "Explain any entry the customer does not understand, quoting its reference.",
                 "Jelaskan transaksi yang tidak dipahami nasabah dengan menyebut nomor referensinya.",
                 "对客户不理解的记录进行解释,并注明交易编号。"),
        ])

    static let complaint = Playbook(
        key: "complaint",
        title: LocalizedText(en: "Complaint", id: "Penanganan keluhan", zh: "投诉处理"),
        category: .complaint, subcategory: "complaint",
        steps: [
            step("evidence", "Collect the evidence: chat records, statements, screenshots.",
                 "Kumpulkan bukti: riwayat obrolan, mutasi rekening, tangkapan layar.",
                 "收集证据:聊天记录、对账单、截图等。"),
            step("statement", "Record the complaint in the customer's words and the outcome they expect.",
                 "Catat keluhan dengan kata-kata nasabah sendiri beserta penyelesaian yang diharapkan.",
                 "按客户原意记录投诉内容及其期望的处理结果。"),
            step("log-replies", "Log every reply and decision on the ticket as it happens.",
                 "Catat setiap balasan dan keputusan di tiket saat itu juga.",
                 "每次答复和处理决定都及时记录在工单中。"),
            step("escalate-supervisor", "If the customer is not satisfied, escalate to a supervisor.",
                 "Jika nasabah belum puas, naikkan ke supervisor.",
                 "客户不满意时,升级至主管处理。"),
            step("escalate-management", "If still unresolved, escalate to management.",
                 "Jika masih belum selesai, naikkan ke manajemen.",
                 "仍未解决时,升级至管理层。"),
            step("regulator", "Tell the customer they may take it to the external regulator, and record that you did.",
                 "Sampaikan bahwa nasabah dapat mengadu ke regulator eksternal, dan catat bahwa hal itu sudah disampaikan.",
                 "告知客户可向外部监管机构反映,并记录已告知。"),
        ])

    private static func step(_ key: String, _ en: String, _ id: String, _ zh: String, result: PlaybookStepResult? = nil) -> PlaybookStep {
        PlaybookStep(key: key, text: LocalizedText(en: en, id: id, zh: zh), result: result)
    }
}
