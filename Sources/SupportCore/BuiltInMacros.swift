// Seed replies for the flows in the wallet support guide, in English and Chinese (the
// Indonesian ones are in BuiltInMacrosIndonesian.swift). The wording is ours; each reply
// tells the customer what happens next and never asks for a password, PIN or
// verification code.

extension Macro {
    public static let builtIn: [Macro] = builtInEnglishChinese + builtInIndonesian

    static let builtInEnglishChinese: [Macro] = [
        // MARK: Failed payment
        Macro(key: "failed-payment-checklist", locale: .en, title: "Failed payment: quick checks",
              setStatus: .pending, addTags: ["failed-payment"], body: """
            Hi {customer.name},

            Sorry your payment did not go through. Most failed payments clear up after a few quick checks:
            1. Your wallet balance covers the full amount, including any fee.
            2. Your phone has a steady data or Wi-Fi connection.
            3. The recipient and the amount are exactly right.
            4. The app is updated to the latest version.
            5. Our service status page shows no maintenance or outage right now.

            If it still fails, reply on ticket {ticket.number} with the time of the attempt, the amount and the recipient, and we will trace it for you.

            {agent.name}
            """),
        Macro(key: "failed-payment-checklist", locale: .zh, title: "支付失败:自查清单",
              setStatus: .pending, addTags: ["failed-payment"], body: """
            {customer.name} 您好,

            很抱歉您的付款没有成功。大多数情况下,先做以下几项检查就能解决:
            1. 钱包余额是否足够支付全部金额(含手续费)。
            2. 手机网络或 Wi-Fi 是否稳定。
            3. 收款方和金额是否填写正确。
            4. 应用是否已更新到最新版本。
            5. 服务状态页面是否显示正在维护或出现故障。

            如果仍然失败,请在工单 {ticket.number} 中回复付款的时间、金额和收款方,我们会为您逐笔核查。

            {agent.name}
            """),
        Macro(key: "failed-payment-investigating", locale: .en, title: "Failed payment: we are tracing it",
              setStatus: .onHold, addTags: ["failed-payment", "investigating"], body: """
            Hi {customer.name},

            Thank you for the details. We have found the attempt and passed it to our payments team to trace. If money left your balance without reaching the recipient, it is returned automatically once the trace completes, usually within 1–3 working days.

            We will update ticket {ticket.number} as soon as we hear back; there is nothing more you need to do.

            {agent.name}
            """),
        Macro(key: "failed-payment-investigating", locale: .zh, title: "支付失败:正在核查",
              setStatus: .onHold, addTags: ["failed-payment", "investigating"], body: """
            {customer.name} 您好,

            感谢您提供的信息。我们已找到这笔付款记录,并交由支付团队核查。如果款项已从余额扣除但收款方未收到,核查完成后会自动退回,通常需要 1–3 个工作日。

            一有结果我们就会在工单 {ticket.number} 中通知您,您无需再做任何操作。

            {agent.name}
            """),

        // MARK: Forgotten password
        Macro(key: "password-reset-guide", locale: .en, title: "Forgotten password: reset it yourself",
              setStatus: .pending, addTags: ["password-reset"], body: """
            Hi {customer.name},

            You can set a new password yourself in a couple of minutes:
            1. On the login screen, tap "Forgot password?".
            2. Enter the email address or phone number registered to your wallet.
            3. Type in the one-time code we send there. It expires after 10 minutes.
            4. Choose a new password with letters, numbers and a symbol, and confirm it.

            Our team never sees your password and will never ask you for it or for the code. If the code does not arrive, reply here and we will check your registered contact details with you.

            {agent.name}
            """),
        Macro(key: "password-reset-guide", locale: .zh, title: "忘记密码:自助重设",
              setStatus: .pending, addTags: ["password-reset"], body: """
            {customer.name} 您好,

            您可以自行在几分钟内设置新密码:
            1. 在登录页面点击"忘记密码?"。
            2. 输入钱包绑定的邮箱或手机号。
            3. 填写我们发送的一次性验证码,验证码 10 分钟内有效。
            4. 设置包含字母、数字和符号的新密码并再次确认。

            客服人员看不到您的密码,也绝不会向您索要密码或验证码。如果收不到验证码,请直接回复本工单,我们会和您一起核对绑定的联系方式。

            {agent.name}
            """),

        // MARK: Stolen account
        Macro(key: "account-secured", locale: .en, title: "Stolen account: account secured",
              setStatus: .open, setPriority: .p1, addTags: ["security", "stolen-account"], body: """
            Hi {customer.name},

            We have acted on your report straight away:
            - Your account is frozen, so no payments or transfers can be made from it.
            - Every device has been signed out.
            - You will be asked to set new login credentials before the account can be used again.

            We are now reviewing recent activity for transactions you did not make. Please scan your phone for unfamiliar apps or malware, and once you are back in, turn on two-factor verification.

            We will keep you updated on ticket {ticket.number}.

            {agent.name}
            """),
        Macro(key: "account-secured", locale: .zh, title: "账户被盗:已采取保护措施",
              setStatus: .open, setPriority: .p1, addTags: ["security", "stolen-account"], body: """
            {customer.name} 您好,

            收到您的报告后,我们已立即处理:
            - 账户已冻结,暂时无法付款或转账。
            - 所有设备上的登录状态已全部退出。
            - 恢复使用前,系统会要求您重新设置登录凭证。

            我们正在核查近期是否有非本人操作的交易。请检查手机中是否有陌生应用或恶意软件,恢复登录后请开启双重验证。

            后续进展会在工单 {ticket.number} 中通知您。

            {agent.name}
            """),
        Macro(key: "appeal-details-request", locale: .en, title: "Stolen account: appeal details",
              setStatus: .pending, addTags: ["security", "appeal"], body: """
            Hi {customer.name},

            To open an appeal for the unauthorised activity, please reply with:
            1. When you first noticed you had lost control of the account (date and approximate time).
            2. Each transaction you do not recognise: time, amount and recipient, if you can see them.
            3. Anything unusual before that: messages asking for a code, calls claiming to be from us, a lost phone.

            Please do not send your password, PIN or any verification code; we never need them.

            {agent.name}
            """),
        Macro(key: "appeal-details-request", locale: .zh, title: "账户被盗:申诉所需信息",
              setStatus: .pending, addTags: ["security", "appeal"], body: """
            {customer.name} 您好,

            为了给非本人操作的交易提交申诉,请回复以下信息:
            1. 您最初发现账户失控的日期和大致时间。
            2. 每一笔您不认识的交易:时间、金额及收款方(如能看到)。
            3. 此前的异常情况,例如有人索要验证码、冒充客服来电或手机丢失。

            请不要发送密码、PIN 或任何验证码,我们永远不需要这些信息。

            {agent.name}
            """),

        // MARK: Transaction records
        Macro(key: "transaction-history-export", locale: .en, title: "Transaction records: find and export",
              setStatus: .solved, addTags: ["transaction-query"], body: """
            Hi {customer.name},

            You can see and download your transaction records in the app:
            1. Open "History" from the home screen.
            2. Use the filter to pick a date range and a transaction type.
            3. Tap any entry to see its full details and reference number.
            4. Tap "Export" to save the filtered list as an Excel or PDF file.

            If a record looks wrong, reply on ticket {ticket.number} with its reference number and we will look into it.

            {agent.name}
            """),
        Macro(key: "transaction-history-export", locale: .zh, title: "交易记录:查询与导出",
              setStatus: .solved, addTags: ["transaction-query"], body: """
            {customer.name} 您好,

            您可以在应用中查看并下载交易记录:
            1. 在首页打开"交易记录"。
            2. 通过筛选选择时间范围和交易类型。
            3. 点击任意一笔即可查看详情和交易编号。
            4. 点击"导出",将筛选后的记录保存为 Excel 或 PDF 文件。

            如发现记录有误,请在工单 {ticket.number} 中回复该笔交易编号,我们会为您核实。

            {agent.name}
            """),

        // MARK: Complaints
        Macro(key: "complaint-acknowledged", locale: .en, title: "Complaint: received and recorded",
              setStatus: .open, addTags: ["complaint"], body: """
            Hi {customer.name},

            Thank you for telling us. Your complaint is recorded as ticket {ticket.number}, together with what you expect us to do about it. If you have screenshots, chat records or statements that support it, please attach them here.

            Every reply and decision will be written on this ticket so you can refer back to it. If you are not satisfied with our answer, you can ask for it to be reviewed by a supervisor, then by management, and you may also take it to the financial services regulator.

            {agent.name}
            """),
        Macro(key: "complaint-acknowledged", locale: .zh, title: "投诉:已受理并记录",
              setStatus: .open, addTags: ["complaint"], body: """
            {customer.name} 您好,

            感谢您的反馈。您的投诉及期望的处理结果已记录在工单 {ticket.number} 中。如有截图、聊天记录或对账单等证据,请一并在此上传。

            每一次答复和处理决定都会记录在本工单中,方便您日后查阅。如对处理结果不满意,您可以要求主管复核,再由管理层复核,也可以向金融监管机构反映。

            {agent.name}
            """),
        Macro(key: "complaint-escalated", locale: .en, title: "Complaint: escalated",
              setStatus: .onHold, addTags: ["complaint", "escalated"], body: """
            Hi {customer.name},

            We have passed your complaint on ticket {ticket.number} to the next level for review, together with your evidence and our notes so far. You will not need to explain it again. We will write to you here with their decision.

            {agent.name}
            """),
        Macro(key: "complaint-escalated", locale: .zh, title: "投诉:已升级处理",
              setStatus: .onHold, addTags: ["complaint", "escalated"], body: """
            {customer.name} 您好,

            您在工单 {ticket.number} 中的投诉已连同证据和我们的处理记录一起提交上一级复核,您无需再重复说明。复核决定会在本工单中答复您。

            {agent.name}
            """),

        // MARK: Technical
        Macro(key: "app-update-advice", locale: .en, title: "App problem: update and restart",
              setStatus: .pending, addTags: ["technical"], body: """
            Hi {customer.name},

            Sorry the app is giving you trouble. Please try these steps in order:
            1. Update the app from your app store.
            2. Restart your phone.
            3. If it still crashes, clear the app's cache, or uninstall and reinstall it. Your balance and history are kept on our side and will not be lost.

            If none of this helps, reply with your phone model, its system version and the app version shown under Settings → About.

            {agent.name}
            """),
        Macro(key: "app-update-advice", locale: .zh, title: "应用故障:更新并重启",
              setStatus: .pending, addTags: ["technical"], body: """
            {customer.name} 您好,

            很抱歉应用给您带来不便。请按顺序尝试:
            1. 在应用商店将应用更新到最新版本。
            2. 重启手机。
            3. 如仍然闪退,请清除应用缓存,或卸载后重新安装。您的余额和交易记录保存在我们的系统中,不会丢失。

            如果问题依旧,请回复您的手机型号、系统版本以及"设置 → 关于"中显示的应用版本。

            {agent.name}
            """),

        // MARK: Closing
        Macro(key: "solved-confirmation", locale: .en, title: "Solved: confirm and close",
              setStatus: .solved, body: """
            Hi {customer.name},

            We believe "{ticket.subject}" is now resolved, so we are marking ticket {ticket.number} as solved. If anything is still not right, just reply here within a few days and the ticket will reopen.

            {agent.name}
            """),
        Macro(key: "solved-confirmation", locale: .zh, title: "已解决:确认并结单",
              setStatus: .solved, body: """
            {customer.name} 您好,

            我们认为"{ticket.subject}"的问题已经解决,工单 {ticket.number} 将标记为已解决。如仍有问题,请在几天内直接回复本工单,工单会重新打开。

            {agent.name}
            """),
    ]
}
