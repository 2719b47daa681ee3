import SupportCore

/// The words the demo database is made of: names in Indonesian and Chinese (mixed
/// scripts on purpose, to exercise display width), merchants, and customer messages
/// in Chinese, Indonesian and English for every service category.
package enum DemoContent {
    package static let agents: [(login: String, name: String, role: Role)] = [
        ("sari", "Sari Wulandari", .supervisor),
        ("budi", "Budi Hartono", .agent),
        ("dewi", "Dewi Anggraini", .agent),
        ("wei", "陈伟 Chen Wei", .agent),
        ("ops", "Operations Admin", .admin),
    ]

    package static let givenNames = ["Budi", "Siti", "Agus", "Dewi", "Rina", "Andi", "Putri", "Eko", "Wahyu", "Nur",
                             "Fajar", "Indah", "Yusuf", "Ayu", "Hendra", "Lestari", "Rizky", "Maya", "Teguh", "Sri"]
    package static let familyNames = ["Santoso", "Rahayu", "Wijaya", "Lestari", "Kusuma", "Pratama", "Maharani", "Saputra",
                              "Hidayat", "Aini", "Nugroho", "Permata", "Setiawan", "Halim", "Gunawan", "Susanto"]
    package static let chineseNames = ["王小明", "李娜", "陈伟", "张丽华", "林美玲", "黄志强", "刘洋", "周杰", "吴敏", "郑雅婷",
                               "许家豪", "杨晓燕", "何俊杰", "谢丽娟", "郭建国", "蔡文静"]
    /// Chinese-Indonesian customers often carry both names.
    package static let mixedNames = ["Lim 林国荣", "Tan Wei Ming 陈伟明", "Hendra 黄", "Liong 梁嘉欣", "Susanti 苏珊",
                             "Kwee 郭丽", "Oey 黄美华", "Gunawan 林"]

    package static let places = ["Jakarta Selatan", "Jakarta Pusat", "Bandung", "Surabaya", "Medan", "Semarang",
                         "Yogyakarta", "Denpasar", "Makassar", "Tangerang", "Bekasi", "Singapore", "Kuala Lumpur"]
    package static let deviceModels = [("Samsung Galaxy A54", "android"), ("Xiaomi Redmi Note 12", "android"),
                               ("OPPO A78", "android"), ("vivo Y36", "android"), ("iPhone 13", "ios"),
                               ("iPhone 15 Pro", "ios"), ("realme C55", "android")]
    package static let appVersions = ["4.12.0", "4.18.2", "5.0.1", "5.2.0", "5.3.4"]

    package static let merchants = ["Tokopedia", "Shopee", "Grab", "Gojek Food", "Indomaret", "Alfamart", "Starbucks Senayan",
                            "KFC Thamrin", "Toko Abadi Jaya", "Warung Bu Sri", "Kopi Kenangan", "Traveloka", "淘宝 Taobao"]
    package static let billers = ["PLN Token Listrik", "Telkomsel Pulsa", "BPJS Kesehatan", "PDAM Jakarta", "IndiHome", "XL Axiata"]
    package static let banks = ["BCA ****4321", "Mandiri ****8802", "BNI ****1177", "BRI ****6034", "CIMB Niaga ****2290"]
    package static let topupSources = ["BCA Virtual Account", "Mandiri VA", "Indomaret Top-up", "Alfamart Top-up", "BRI VA"]

    package struct TicketText {
        /// What happened to the customer; the generator writes the rows it implies.
        let story: DemoStory
        package let category: Category
        package let subcategory: String
        package let subject: String
        package let body: String
        package let followUp: String?
    }

    package static let tickets: [TicketText] = [
        .init(story: .smsCodeNotArriving, category: .account, subcategory: "registration", subject: "无法完成注册，收不到短信验证码",
              body: "你好，我用手机号注册的时候一直收不到验证码，已经试了三次了。请帮忙看看。", followUp: "今天还是收不到，请尽快处理。"),
        .init(story: .kycRejected, category: .account, subcategory: "registration", subject: "Pendaftaran akun gagal di langkah KYC",
              body: "Saya sudah upload KTP tapi selalu muncul 'verifikasi gagal'. Mohon bantuannya.", followUp: nil),
        .init(story: .closeWithBalance, category: .account, subcategory: "closure", subject: "Please close my wallet account",
              body: "I am moving abroad and would like to close my account. What happens to my remaining balance?", followUp: "Any update on this?"),
        .init(story: .closeAfterEmptying, category: .account, subcategory: "closure", subject: "申请注销账户",
              body: "我想注销我的钱包账户，余额已经转出了。需要什么手续？", followUp: nil),
        .init(story: .forgottenPIN, category: .account, subcategory: "password_reset", subject: "Lupa PIN dan tidak bisa login",
              body: "Saya lupa PIN, nomor HP masih sama. Bagaimana cara reset?", followUp: "Kode OTP tidak masuk ke HP saya."),
        .init(story: .resetMailMissing, category: .account, subcategory: "password_reset", subject: "忘记密码，重置邮件没有收到",
              body: "我忘记了登录密码，点了重置但是邮箱里没有邮件。", followUp: nil),
        .init(story: .resetLinkExpired, category: .account, subcategory: "password_reset", subject: "Can't reset my password",
              body: "The reset link says it expired. I requested it five minutes ago.", followUp: nil),
        .init(story: .qrisFailedButCharged, category: .payment, subcategory: "failed_payment", subject: "Pembayaran QRIS gagal tapi saldo terpotong",
              body: "Saya bayar di Warung Bu Sri pakai QR, transaksi gagal tapi saldo saya berkurang Rp45.000.", followUp: "Sudah 2 hari belum kembali saldonya."),
        .init(story: .insufficientFundsWrongly, category: .payment, subcategory: "failed_payment", subject: "付款失败，提示余额不足但我有钱",
              body: "在 Tokopedia 付款时提示余额不足，可是我的余额明明够。交易时间大约下午三点。", followUp: "请问查到原因了吗？"),
        .init(story: .failedTwiceAtIndomaret, category: .payment, subcategory: "failed_payment", subject: "Payment failed at Indomaret",
              body: "Tried to pay twice at Indomaret, both failed with 'service unavailable'. Was I charged?", followUp: nil),
        .init(story: .transferPayeeInvalid, category: .payment, subcategory: "failed_payment", subject: "Transfer ke teman gagal terus",
              body: "Transfer ke nomor teman saya selalu gagal, katanya penerima tidak valid.", followUp: nil),
        .init(story: .lastMonthStatement, category: .payment, subcategory: "transaction_query", subject: "需要导出上个月的交易记录",
              body: "公司报销需要我上个月的所有交易记录，最好是 Excel 或 PDF。", followUp: nil),
        .init(story: .octoberStatement, category: .payment, subcategory: "transaction_query", subject: "Statement for October please",
              body: "Can you send me a PDF statement of all my October transactions?", followUp: "I need it for my visa application."),
        .init(story: .unknownTravelokaPayment, category: .payment, subcategory: "transaction_query", subject: "Ada transaksi yang tidak saya kenal",
              body: "Di riwayat ada pembayaran ke Traveloka yang tidak saya lakukan. Tolong dicek.", followUp: nil),
        .init(story: .morningTakeover, category: .security, subcategory: "stolen_account", subject: "账户被盗，有陌生转账！",
              body: "我的账户今天早上被人登录了，转走了两笔钱，我没有操作过！请马上冻结！", followUp: "还有一笔新的转账，请快点！"),
        .init(story: .phoneStolenLastNight, category: .security, subcategory: "stolen_account", subject: "HP hilang, tolong blokir akun saya",
              body: "HP saya dicuri tadi malam di KRL. Tolong blokir akun dompet saya segera.", followUp: nil),
        .init(story: .pinChangedTakeover, category: .security, subcategory: "stolen_account", subject: "Someone took over my account",
              body: "I got an SMS that my PIN was changed. It wasn't me. There are transfers I did not make.", followUp: "Please call me back."),
        .init(story: .nightMerchantBurst, category: .security, subcategory: "abnormal_transaction", subject: "Transaksi mencurigakan tengah malam",
              body: "Ada 5 transaksi kecil ke merchant yang sama jam 2 pagi. Saya tidur waktu itu.", followUp: nil),
        .init(story: .foreignLoginAlert, category: .security, subcategory: "abnormal_transaction", subject: "收到异地登录提醒",
              body: "收到新加坡的登录提醒，但我人在雅加达。请帮我检查一下账户。", followUp: nil),
        .init(story: .appCrashOnSamsung, category: .technical, subcategory: "app_crash", subject: "Aplikasi force close saat buka riwayat",
              body: "Setiap buka menu riwayat transaksi aplikasinya langsung tertutup. HP saya Samsung A54.", followUp: nil),
        .init(story: .appCrashOnIPhone, category: .technical, subcategory: "app_crash", subject: "App crashes on startup after update",
              body: "Since yesterday the app crashes immediately on my iPhone 13.", followUp: "Reinstalling did not help."),
        .init(story: .updateStuck, category: .technical, subcategory: "update_failure", subject: "应用更新失败，一直卡在 99%",
              body: "更新到最新版本时一直卡在 99%，重启手机也没用。", followUp: nil),
        .init(story: .updateFromOldVersion, category: .technical, subcategory: "update_failure", subject: "Tidak bisa update aplikasi",
              body: "Play Store bilang update gagal terus. Versi saya 4.12.0.", followUp: nil),
        .init(story: .refundNeverArrived, category: .complaint, subcategory: "complaint", subject: "Complaint: refund promised but never arrived",
              body: "I was told three weeks ago that my failed payment would be refunded in 3 days. Still nothing. This is unacceptable.", followUp: "I will report this to OJK if it isn't solved."),
        .init(story: .serviceComplaint, category: .complaint, subcategory: "complaint", subject: "投诉：客服态度很差",
              body: "上次电话客服挂了我的电话，问题也没解决。我要投诉。", followUp: nil),
        .init(story: .cashbackMissing, category: .complaint, subcategory: "complaint", subject: "Keluhan: cashback tidak masuk",
              body: "Promo cashback 20% tidak masuk padahal syarat sudah dipenuhi. Saya kecewa.", followUp: nil),
        .init(story: .suggestion, category: .complaint, subcategory: "suggestion", subject: "Saran: tambahkan mode gelap",
              body: "Aplikasinya bagus, tapi tolong tambahkan mode gelap. Terima kasih.", followUp: nil),
        .init(story: .suggestion, category: .complaint, subcategory: "suggestion", subject: "建议：增加交易记录搜索功能",
              body: "希望交易记录可以按金额和商户搜索，现在找一笔交易太难了。", followUp: nil),
    ]

    package static let agentReplies = [
        "Terima kasih sudah menghubungi kami. Kami sedang memeriksa transaksi Anda dan akan kabari dalam 1x24 jam.",
        "Thanks for reaching out. I have checked your account and escalated the payment to our settlement team.",
        "您好，我们已经收到您的问题，正在核查相关交易记录，请耐心等待。",
        "Could you tell us the time and amount of the transaction, and which app version you are using?",
        "Mohon pastikan aplikasi sudah versi terbaru (5.3.4) dan koneksi internet stabil, lalu coba lagi.",
    ]

    package static let agentNotes = [
        "Checked settlement log: debit posted, credit to merchant missing. Waiting for switch reconciliation.",
        "客户提供的时间与系统记录一致，已标记可疑交易。",
        "Customer verified via registered email. Do not discuss balance on social channel.",
        "Duplicate of an earlier phone contact; linking.",
    ]
}
