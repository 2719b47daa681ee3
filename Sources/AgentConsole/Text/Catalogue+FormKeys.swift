// The keys of the lines and forms that take text inside a screen — the rules screen's
// filter, try-it line and add form, the investigation's flag reason and appeal — in the
// three languages: their headings on `?`, what each key does and the footer's hints.
extension Catalogue {
    static let englishFormKeys: [MessageID: String] = [
        .contextRulesFilter: "Rules filter", .contextRulesTry: "Rules try-it line", .contextRuleForm: "New rule form",
        .contextFlagReason: "Flag reason", .contextAppealForm: "Appeal form",
        .keyRulesFilterDone: "keep the filter, back to the list", .keyRulesFilterClear: "clear the filter, back to the list",
        .keyRulesTryRun: "ask which rule intake would apply to the sample", .keyRulesTryBack: "back to the list",
        .keyRuleFormAdd: "add the rule", .keyRuleFormComplete: "complete the category or language (on the keyword: next field)",
        .keyRuleFormCancel: "close the form, nothing added",
        .keyFlagReasonGo: "flag the chosen transactions with this reason", .keyFlagReasonCancel: "close the question, nothing flagged",
        .keyAppealOpen: "open the appeal", .keyAppealOtherField: "the other field (time, reason)",
        .keyAppealCancel: "close the appeal, nothing opened",
        .hintFlagGo: "Enter flag", .hintAppealOpen: "Enter open",
    ]

    static let indonesianFormKeys: [MessageID: String] = [
        .contextRulesFilter: "Saringan aturan", .contextRulesTry: "Baris coba aturan", .contextRuleForm: "Formulir aturan baru",
        .contextFlagReason: "Alasan tanda", .contextAppealForm: "Formulir banding",
        .keyRulesFilterDone: "simpan saringan, kembali ke daftar", .keyRulesFilterClear: "kosongkan saringan, kembali ke daftar",
        .keyRulesTryRun: "tanyakan aturan mana yang dipakai intake untuk contoh", .keyRulesTryBack: "kembali ke daftar",
        .keyRuleFormAdd: "tambahkan aturan", .keyRuleFormComplete: "lengkapi kategori atau bahasa (di kata kunci: isian berikutnya)",
        .keyRuleFormCancel: "tutup formulir, tidak ada yang ditambahkan",
        .keyFlagReasonGo: "tandai transaksi terpilih dengan alasan ini", .keyFlagReasonCancel: "tutup pertanyaan, tidak ada yang ditandai",
        .keyAppealOpen: "buka banding", .keyAppealOtherField: "isian lainnya (waktu, alasan)",
        .keyAppealCancel: "tutup banding, tidak ada yang dibuka",
        .hintFlagGo: "Enter tandai", .hintAppealOpen: "Enter buka",
    ]

    static let chineseFormKeys: [MessageID: String] = [
        .contextRulesFilter: "规则筛选", .contextRulesTry: "规则试用行", .contextRuleForm: "新规则表单",
        .contextFlagReason: "标记原因", .contextAppealForm: "申诉表单",
        .keyRulesFilterDone: "保留筛选，回到列表", .keyRulesFilterClear: "清空筛选，回到列表",
        .keyRulesTryRun: "询问收件时示例会用哪条规则", .keyRulesTryBack: "回到列表",
        .keyRuleFormAdd: "添加规则", .keyRuleFormComplete: "补全类别或语言（在关键词上：下一个字段）",
        .keyRuleFormCancel: "关闭表单，不添加",
        .keyFlagReasonGo: "以此原因标记所选交易", .keyFlagReasonCancel: "关闭提问，不标记",
        .keyAppealOpen: "提交申诉", .keyAppealOtherField: "另一个字段（时间、原因）",
        .keyAppealCancel: "关闭申诉，不提交",
        .hintFlagGo: "Enter 标记", .hintAppealOpen: "Enter 提交",
    ]
}
