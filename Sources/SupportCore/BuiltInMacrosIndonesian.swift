// The seed replies in Bahasa Indonesia: most of the wallet's customers write in it. The
// register is a wallet's customer service: polite, "Bapak/Ibu", short sentences, and the
// same promise as the English: never ask for a password, PIN or verification code.

extension Macro {
    static let builtInIndonesian: [Macro] = [
        Macro(key: "failed-payment-checklist", locale: .id, title: "Pembayaran gagal: pemeriksaan cepat",
              setStatus: .pending, addTags: ["failed-payment"], body: """
            Halo Bapak/Ibu {customer.name},

            Mohon maaf, pembayaran Bapak/Ibu belum berhasil. Sebagian besar pembayaran gagal dapat diatasi dengan beberapa pemeriksaan berikut:
            1. Saldo dompet cukup untuk seluruh nominal, termasuk biaya admin.
            2. Koneksi data atau Wi-Fi di ponsel stabil.
            3. Penerima dan nominal sudah benar.
            4. Aplikasi sudah diperbarui ke versi terbaru.
            5. Halaman status layanan kami tidak menunjukkan pemeliharaan atau gangguan.

            Jika masih gagal, silakan balas pada tiket {ticket.number} dengan waktu transaksi, nominal, dan penerimanya, dan kami akan menelusurinya untuk Bapak/Ibu.

            Salam,
            {agent.name}
            """),
        Macro(key: "failed-payment-investigating", locale: .id, title: "Pembayaran gagal: sedang kami telusuri",
              setStatus: .onHold, addTags: ["failed-payment", "investigating"], body: """
            Halo Bapak/Ibu {customer.name},

            Terima kasih atas informasinya. Transaksi tersebut sudah kami temukan dan kami teruskan ke tim pembayaran untuk ditelusuri. Jika saldo sudah terpotong tetapi dana belum diterima penerima, dana akan dikembalikan otomatis setelah penelusuran selesai, biasanya dalam 1–3 hari kerja.

            Kami akan memberi kabar di tiket {ticket.number} begitu ada hasilnya; Bapak/Ibu tidak perlu melakukan apa pun lagi.

            Salam,
            {agent.name}
            """),
        Macro(key: "password-reset-guide", locale: .id, title: "Lupa kata sandi: atur ulang sendiri",
              setStatus: .pending, addTags: ["password-reset"], body: """
            Halo Bapak/Ibu {customer.name},

            Bapak/Ibu dapat membuat kata sandi baru sendiri dalam beberapa menit:
            1. Di layar masuk, ketuk "Lupa kata sandi?".
            2. Masukkan alamat email atau nomor ponsel yang terdaftar di dompet Bapak/Ibu.
            3. Masukkan kode sekali pakai yang kami kirimkan. Kode berlaku selama 10 menit.
            4. Buat kata sandi baru yang berisi huruf, angka, dan simbol, lalu konfirmasi.

            Tim kami tidak pernah melihat kata sandi Bapak/Ibu dan tidak akan pernah memintanya, begitu pula kodenya. Jika kode tidak masuk, silakan balas di sini dan kami akan memeriksa data kontak terdaftar bersama Bapak/Ibu.

            Salam,
            {agent.name}
            """),
        Macro(key: "account-secured", locale: .id, title: "Akun dibobol: akun sudah diamankan",
              setStatus: .open, setPriority: .p1, addTags: ["security", "stolen-account"], body: """
            Halo Bapak/Ibu {customer.name},

            Laporan Bapak/Ibu sudah kami tindak lanjuti saat ini juga:
            - Akun Bapak/Ibu sudah dibekukan, sehingga tidak ada pembayaran atau transfer yang dapat dilakukan dari akun tersebut.
            - Semua perangkat sudah dikeluarkan dari akun.
            - Bapak/Ibu akan diminta membuat data masuk baru sebelum akun dapat digunakan kembali.

            Saat ini kami sedang memeriksa aktivitas terakhir untuk menemukan transaksi yang tidak Bapak/Ibu lakukan. Mohon periksa ponsel Bapak/Ibu dari aplikasi yang tidak dikenal atau malware, dan setelah dapat masuk kembali, aktifkan verifikasi dua langkah.

            Perkembangannya akan kami sampaikan di tiket {ticket.number}.

            Salam,
            {agent.name}
            """),
        Macro(key: "appeal-details-request", locale: .id, title: "Akun dibobol: data untuk pengajuan banding",
              setStatus: .pending, addTags: ["security", "appeal"], body: """
            Halo Bapak/Ibu {customer.name},

            Untuk mengajukan banding atas aktivitas yang tidak sah, mohon balas dengan:
            1. Kapan Bapak/Ibu pertama kali menyadari akun tidak lagi dalam kendali Bapak/Ibu (tanggal dan perkiraan jam).
            2. Setiap transaksi yang tidak Bapak/Ibu kenali: waktu, nominal, dan penerima, jika terlihat.
            3. Hal tidak biasa sebelumnya: pesan yang meminta kode, telepon yang mengaku dari kami, atau ponsel yang hilang.

            Mohon jangan mengirimkan kata sandi, PIN, atau kode verifikasi apa pun; kami tidak pernah membutuhkannya.

            Salam,
            {agent.name}
            """),
        Macro(key: "transaction-history-export", locale: .id, title: "Riwayat transaksi: cari dan unduh",
              setStatus: .solved, addTags: ["transaction-query"], body: """
            Halo Bapak/Ibu {customer.name},

            Bapak/Ibu dapat melihat dan mengunduh riwayat transaksi di aplikasi:
            1. Buka "Riwayat" dari layar utama.
            2. Gunakan filter untuk memilih rentang tanggal dan jenis transaksi.
            3. Ketuk salah satu transaksi untuk melihat detail lengkap dan nomor referensinya.
            4. Ketuk "Ekspor" untuk menyimpan daftar tersebut sebagai file Excel atau PDF.

            Jika ada transaksi yang tampak keliru, silakan balas di tiket {ticket.number} dengan nomor referensinya dan kami akan memeriksanya.

            Salam,
            {agent.name}
            """),
        Macro(key: "complaint-acknowledged", locale: .id, title: "Keluhan: sudah diterima dan dicatat",
              setStatus: .open, addTags: ["complaint"], body: """
            Halo Bapak/Ibu {customer.name},

            Terima kasih sudah menyampaikannya kepada kami. Keluhan Bapak/Ibu sudah kami catat sebagai tiket {ticket.number}, beserta penyelesaian yang Bapak/Ibu harapkan. Jika ada tangkapan layar, riwayat obrolan, atau mutasi yang mendukung, mohon lampirkan di sini.

            Setiap balasan dan keputusan akan dicatat di tiket ini agar dapat Bapak/Ibu rujuk kembali. Jika Bapak/Ibu belum puas dengan jawaban kami, Bapak/Ibu dapat meminta peninjauan oleh supervisor, kemudian oleh manajemen, dan juga dapat menyampaikannya kepada regulator jasa keuangan.

            Salam,
            {agent.name}
            """),
        Macro(key: "complaint-escalated", locale: .id, title: "Keluhan: sudah dinaikkan",
              setStatus: .onHold, addTags: ["complaint", "escalated"], body: """
            Halo Bapak/Ibu {customer.name},

            Keluhan Bapak/Ibu pada tiket {ticket.number} sudah kami teruskan ke tingkat berikutnya untuk ditinjau, beserta bukti dari Bapak/Ibu dan catatan kami sejauh ini. Bapak/Ibu tidak perlu menjelaskannya lagi. Keputusannya akan kami sampaikan di sini.

            Salam,
            {agent.name}
            """),
        Macro(key: "app-update-advice", locale: .id, title: "Kendala aplikasi: perbarui dan mulai ulang",
              setStatus: .pending, addTags: ["technical"], body: """
            Halo Bapak/Ibu {customer.name},

            Mohon maaf atas kendala pada aplikasi. Silakan coba langkah berikut secara berurutan:
            1. Perbarui aplikasi melalui toko aplikasi.
            2. Mulai ulang ponsel Bapak/Ibu.
            3. Jika masih tertutup sendiri, hapus cache aplikasi, atau hapus lalu pasang ulang aplikasinya. Saldo dan riwayat transaksi tersimpan di sistem kami dan tidak akan hilang.

            Jika belum berhasil, mohon balas dengan tipe ponsel, versi sistemnya, dan versi aplikasi yang tertera di Pengaturan → Tentang.

            Salam,
            {agent.name}
            """),
        Macro(key: "solved-confirmation", locale: .id, title: "Selesai: konfirmasi dan tutup",
              setStatus: .solved, body: """
            Halo Bapak/Ibu {customer.name},

            Kami rasa kendala "{ticket.subject}" sudah teratasi, sehingga tiket {ticket.number} kami tandai selesai. Jika masih ada yang belum sesuai, cukup balas di sini dalam beberapa hari dan tiket akan dibuka kembali.

            Salam,
            {agent.name}
            """),
    ]
}
