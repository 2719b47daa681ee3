// Several files on one reply, in the three languages: the composer's keys and hints and
// what the console says as files are added, dropped and put aside.
extension Catalogue {
    static let englishReplyFiles: [MessageID: String] = [
        .hintAnotherFile: "C-o another file", .hintDropFile: "C-x drop file",
        .keyAnotherFile: "export another statement for this reply (the reply waits; r comes back to it)",
        .keyDropFile: "drop the newest file from the reply (the exported file stays saved)",
        .msgFilesOnlyOnReply: "Only a reply (not a note or a macro reply) can carry files.",
        .msgReplyHeld: "The reply on {1} waits with its files: export with Reply [x] to add one, or press r to go back to it.",
        .msgNoFileToDrop: "The reply carries no file.",
        .msgFileDropped: "{1} dropped from the reply; files left on it: {2}.",
        .msgReplyBack: "Back to the reply; files on it: {1}.",
        .msgFileAlreadyOn: "{1} is on the reply already; it goes once, as the file is now.",
        .msgFileAdded: "{1} added: the reply on {3} carries {2} files; C-s sends them all.",
    ]

    static let indonesianReplyFiles: [MessageID: String] = [
        .hintAnotherFile: "C-o berkas lain", .hintDropFile: "C-x buang berkas",
        .keyAnotherFile: "ekspor laporan lain untuk balasan ini (balasan menunggu; r kembali ke sana)",
        .keyDropFile: "buang berkas terbaru dari balasan (berkas ekspor tetap tersimpan)",
        .msgFilesOnlyOnReply: "Hanya balasan (bukan catatan atau balasan makro) yang bisa membawa berkas.",
        .msgReplyHeld: "Balasan di {1} menunggu bersama berkasnya: ekspor dengan Balas [x] untuk menambah, atau tekan r untuk kembali.",
        .msgNoFileToDrop: "Balasan tidak membawa berkas.",
        .msgFileDropped: "{1} dibuang dari balasan; berkas tersisa: {2}.",
        .msgReplyBack: "Kembali ke balasan; berkas di dalamnya: {1}.",
        .msgFileAlreadyOn: "{1} sudah ada di balasan; dikirim sekali, sebagaimana isinya sekarang.",
        .msgFileAdded: "{1} ditambahkan: balasan di {3} membawa {2} berkas; C-s mengirim semuanya.",
    ]

    static let chineseReplyFiles: [MessageID: String] = [
        .hintAnotherFile: "C-o 再加文件", .hintDropFile: "C-x 移除文件",
        .keyAnotherFile: "为这条回复再导出一份对账单（回复保留；按 r 回到它）",
        .keyDropFile: "从回复中移除最新的文件（导出的文件仍保存着）",
        .msgFilesOnlyOnReply: "只有回复（不是备注或宏回复）可以带文件。",
        .msgReplyHeld: "{1} 上的回复连同文件已保留：勾选“回复 [x]”导出即可再加一个，或按 r 回到回复。",
        .msgNoFileToDrop: "回复没有带文件。",
        .msgFileDropped: "已从回复中移除 {1}；还剩文件：{2}。",
        .msgReplyBack: "回到回复；其中的文件：{1}。",
        .msgFileAlreadyOn: "{1} 已在回复中；按文件现在的内容只发送一次。",
        .msgFileAdded: "已添加 {1}：{3} 上的回复带 {2} 个文件；C-s 全部发送。",
    ]
}
