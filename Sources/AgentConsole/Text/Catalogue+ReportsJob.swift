// The supervisor's five reports written in the background (`E`), in the three languages:
// the progress dialog and what the status line says when they start, stop or fail.
extension Catalogue {
    static let englishReportsJob: [MessageID: String] = [
        .rptTitle: "Writing reports",
        .rptProgress: "Report {1} of {2}: {3}",
        .rptWriting: "Writing {1} reports ({2}) to {3}…",
        .rptCancelling: "Cancelling the reports after the current one…",
        .rptCancelled: "Reports cancelled after {1} of {2}; the files this run wrote were removed.",
        .rptFailed: "Reports not written to {1}, no file left behind: {2}",
    ]

    static let indonesianReportsJob: [MessageID: String] = [
        .rptTitle: "Menulis laporan",
        .rptProgress: "Laporan {1} dari {2}: {3}",
        .rptWriting: "Menulis {1} laporan ({2}) ke {3}…",
        .rptCancelling: "Membatalkan laporan setelah yang sedang ditulis…",
        .rptCancelled: "Laporan dibatalkan setelah {1} dari {2}; berkas yang ditulis kali ini dihapus.",
        .rptFailed: "Laporan tidak ditulis ke {1}, tidak ada berkas yang tertinggal: {2}",
    ]

    static let chineseReportsJob: [MessageID: String] = [
        .rptTitle: "正在写入报表",
        .rptProgress: "第 {1} 份报表，共 {2} 份：{3}",
        .rptWriting: "正在将 {1} 份报表（{2}）写入 {3}…",
        .rptCancelling: "当前报表写完后取消…",
        .rptCancelled: "已在 {2} 份中的第 {1} 份后取消报表；本次写入的文件已删除。",
        .rptFailed: "报表未写入 {1}，没有留下任何文件：{2}",
    ]
}
