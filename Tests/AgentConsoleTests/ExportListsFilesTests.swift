import Foundation
import SupportCore
import Testing
import TermUI
@testable import AgentConsole

/// `E` on the supervisor screen writes five reports (on a worker) and lists them: the folder and each
/// file's name, in a dialog that Enter or Esc closes (the status line keeps the folder).
@Suite(.serialized) struct ExportListsFilesTests {
    @Test(arguments: [(80, 24), (200, 60)])
    func exportListsTheFolderAndTheFiveFiles(width: Int, height: Int) throws {
        let c = try HeadlessConsole(width: width, height: height)
        c.openSupervisor()
        let dir = "/tmp/paydesk-export-\(width)x\(height)"
        try? FileManager.default.removeItem(atPath: dir)
        c.controller.state.supervisor.exportDirectory = dir
        c.loop.step(timeoutMilliseconds: 0)   // the loop's once-a-second tick, done before E
        c.press(.char("E"))
        guard case .exportingReports(let job) = c.state.mode else { Issue.record("E should start the reports"); return }
        #expect(job.wait(timeout: 30) != nil, "the reports were not written")
        // The loop's next turn takes the outcome, with no key, and no tick due yet.
        c.loop.step(timeoutMilliseconds: 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files.count == 5)
        #expect(files == c.state.supervisor.lastExportFiles.sorted())
        #expect(c.lines == (width == 80 ? Self.narrow : Self.wide))
        c.press(.enter)
        guard case .normal = c.state.mode else { Issue.record("Enter closes the list"); return }
        #expect(c.state.status?.text.contains(dir) == true)
        try? FileManager.default.removeItem(atPath: dir)
    }

    static let narrow: [String] = [
        " paydesk  My open 9  Unassigned 45  Team 110            sari (supervisor) 10:00",
        " Attention 2 · Breached today 52.6% · Within 1h 2 · Backlog 110 · Approvals 1",
        "Attention 2 SLA Backlog Aging Volume Workload CSAT Deliveries 0 Approvals 1",
        "┏ Attention: 2 escalated · 0 complaints raised · 0 near deadline ━━━━━━━━━━━━━━┓",
        "┃WHY  #      PRI      DUE OWNER  SUBJECT                                       ┃",
        "┃ESC ╔ Exported 5 reports ════════════════════════════════════════════════╗    ┃",
        "┃ESC ║                                                                    ║    ┃",
        "┃    ║ Folder: /tmp/paydesk-export-80x24                                  ║    ┃",
        "┃    ║                                                                    ║    ┃",
        "┃    ║   paydesk-backlog-2026-11-19_2026-11-25.xlsx                       ║    ┃",
        "┃    ║   paydesk-sla-2026-11-19_2026-11-25.xlsx                           ║    ┃",
        "┃    ║   paydesk-agents-2026-11-19_2026-11-25.xlsx                        ║    ┃",
        "┃    ║   paydesk-volume-2026-11-19_2026-11-25.xlsx                        ║    ┃",
        "┃    ║   paydesk-csat-2026-11-19_2026-11-25.xlsx                          ║    ┃",
        "┃    ║                                                                    ║    ┃",
        "┃    ║                                                          [ Close ] ║    ┃",
        "┃    ╚════════════════════════════════════════════════════════════════════╝    ┃",
        "┃                                                                              ┃",
        "┃                                                                              ┃",
        "┃                                                                              ┃",
        "┃                                                                              ┃",
        "┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛",
        " Exported 5 reports (2026-11-19..2026-11-25) as XLSX to /tmp/paydesk-export-80x…",
        " Sari Wulandari · supervisor · Supervisor  Enter press · Tab/←→ focus",
    ]

    static let wide: [String] = [
        " paydesk  My open 9  Unassigned 45  Team 110  Breaching 25  Pending 21  Untriaged 0  All 140                                                                                    sari (supervisor) 10:00",
        "┏ Attention: 2 escalated · 0 complaints raised · 0 near deadline ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓┌ SLA breach rate (met vs breached clocks) ────────────────────────────────────────────────────────┐",
        "┃WHY  #      PRI      DUE OWNER  SUBJECT                                                           ┃│                       ALL   FIRST REPLY    RESOLUTION                                            │",
        "┃ESC  1008   P1  -14h 30m wei    Pembayaran QRIS gagal tapi saldo terpotong                        ┃│Today          52.6% 30/57   47.1% 24/51    100.0% 6/6                                            │",
        "┃ESC  1036   P3    2d 10h wei    Pembayaran QRIS gagal tapi saldo terpotong                        ┃│7 days        29.7% 41/138  30.8% 32/104    26.5% 9/34                                            │",
        "┃                                                                                                  ┃│Breached now            23 running clocks past due                                                │",
        "┃                                                                                                  ┃│Within 1h                2 will breach within the hour                                            │",
        "┃                                                                                                  ┃│  #1056      p3 in 31m     建议：增加交易记录搜索功能                                             │",
        "┃                                                                                                  ┃│  #1080      p2 in 59m     Complaint: refund promised but never arrived                           │",
        "┃                                                                                                  ┃│                                                                                                  │",
        "┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛└──────────────────────────────────────────────────────────────────────────────────────────────────┘",
        "┌ Backlog: 110 unsolved ───────────────────────────────────────────────────────────────────────────┐┌ Aging of unsolved tickets ───────────────────────────────────────────────────────────────────────┐",
        "│STATUS         CATEGORY        PRIORITY                                                           ││< 1h  ███                                                                                        3│",
        "│new         31 account      25 p1          21                                                     ││1–4h  █████████████████████                                                                     21│",
        "│open        44 payment      26 p2          23                                                     ││4–24h ██████████████████████████████████████████████████████████████████████████████████████    86│",
        "│pending     21 security     28 p3          43                                                     ││1–3d                                                                                             0│",
        "│on_hold     14 technical    14 p4          23                                                     ││3–7d                                                                                             0│",
        "│total      110 complaint    17                                                                    ││> 7d                                                                                             0│",
        "│                                                                                                  ││                                                                                                  │",
        "└──────────────────────────────────────────────────────────────────────────────────────────────────┘└──────────────────────────────────────────────────────────────────────────────────────────────────┘",
        "┌ Volume per channel, 14 days ─────────────────────────────────────────────────────────────────────────────────────────┐┌ Satisfaction, 7 days ────────────────────────────────────────────────────────┐",
        "│CHANNEL  PER DAY                                                                                           TODAY  14 D││            ANS  AVG    4–5                                                   │",
        "│web      ▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▂▂▂▂▆▆▆▆▆▆▆▆                                             11    24││all          12  3.8  66.7%                                                   │",
        "│app chat ▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▂▂▂▂▃▃▃▃▁▁▁▁▁▁▁▁▂▂▂▂▁▁▁▁▆▆▆▆███╔ Exported 5 reports ════════════════════════════════════════════════╗6  4.3  83.3%                                                   │",
        "│phone    ▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▂▂▂▂▂▂▂▂▁▁▁▁▁▁▁▁▇▇▇▇▅▅▅║                                                                    ║3  3.7  66.7%                                                   │",
        "│social   ▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▂▂▂▂▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▂▂▂▂▅▅▅▅▄▄▄║ Folder: /tmp/paydesk-export-200x60                                 ║2  3.5  50.0%                                                   │",
        "│email    ▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▄▄▄▄▆▆▆║                                                                    ║0    –      –                                                   │",
        "│all      ▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▂▂▂▂▁▁▁▁▁▁▁▁▁▁▁▁▂▂▂▂███████║   paydesk-backlog-2026-11-19_2026-11-25.xlsx                       ║1  2.0   0.0%                                                   │",
        "└────────────────────────────────────────────────────────────────║   paydesk-sla-2026-11-19_2026-11-25.xlsx                           ║────────────────────────────────────────────────────────────────┘",
        "┌ Workload: open now, solved today; medians, CSAT over 7 days (wo║   paydesk-agents-2026-11-19_2026-11-25.xlsx                        ║waiting — a approves, r rejects ────────────────────────────────┐",
        "│AGENT     OPEN  PEND SOLVED 1ST REPLY   RESOLVE CSAT VIEWING    ║   paydesk-volume-2026-11-19_2026-11-25.xlsx                        ║     WALLET       BY        AGE REASON                          │",
        "│budi        11     6      0       0m*       0m*  4.5 —          ║   paydesk-csat-2026-11-19_2026-11-25.xlsx                          ║     WLT-10443464 budi       0s Owner verified by video call; d…│",
        "│dewi        15     2      0       44m    2h 47m  2.0 —          ║                                                                    ║                                                                │",
        "│sari         9     3      0       0m*       0m*  4.0 —          ║                                                          [ Close ] ║                                                                │",
        "│wei         15     4      0        3m       0m*  3.5 —          ╚════════════════════════════════════════════════════════════════════╝                                                                │",
        "│team        50    15      0       0m*       0m*  3.8                                                                  ││                                                                              │",
        "│* 0m: no working time elapsed (outside Mon–Fri 08:00–20:00)                                                           ││                                                                              │",
        "│                                                                                                                      ││                                                                              │",
        "│                                                                                                                      ││                                                                              │",
        "│                                                                                                                      ││                                                                              │",
        "│                                                                                                                      ││                                                                              │",
        "│                                                                                                                      ││                                                                              │",
        "│                                                                                                                      ││                                                                              │",
        "│                                                                                                                      │└──────────────────────────────────────────────────────────────────────────────┘",
        "│                                                                                                                      │┌ Deliveries: 0 failed — a retries ────────────────────────────────────────────┐",
        "│                                                                                                                      ││#      TICKET  VIA       AGO REASON                                           │",
        "│                                                                                                                      ││ Every message was delivered or is still being tried.                         │",
        "│                                                                                                                      ││                                                                              │",
        "│                                                                                                                      ││                                                                              │",
        "│                                                                                                                      ││                                                                              │",
        "│                                                                                                                      ││                                                                              │",
        "│                                                                                                                      ││                                                                              │",
        "│                                                                                                                      ││                                                                              │",
        "│                                                                                                                      ││                                                                              │",
        "│                                                                                                                      ││                                                                              │",
        "│                                                                                                                      ││                                                                              │",
        "│                                                                                                                      ││                                                                              │",
        "└──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘└──────────────────────────────────────────────────────────────────────────────┘",
        " Exported 5 reports (2026-11-19..2026-11-25) as XLSX to /tmp/paydesk-export-200x60.",
        " Sari Wulandari · supervisor · Supervisor  Enter press · Tab/←→ focus · Esc cancel",
    ]
}
