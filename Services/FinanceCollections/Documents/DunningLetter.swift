import O2CContracts
import O2CForms

/// 催款函 Payment Reminder (DOMAIN.md: overdue invoices go through dunning levels; the salesperson chases, finance
/// confirms): the overdue invoice, its amount and what is outstanding in figures and in capitals, the due date,
/// the days overdue and the level (提醒 reminder, 催告 demand, 最后通知 final notice), the last chase, and the
/// company's signature and seal. The customer is addressed by number (finance-collections keeps no archive).
enum DunningLetter {
    static let title = FormLabel("催款函", "Payment Reminder")

    static func levelName(_ level: DunningLevel) -> String {
        switch level {
        case .reminder: "一级 提醒 Level 1: reminder"
        case .demand: "二级 催告 Level 2: demand"
        case .final: "三级 最后通知 Level 3: final notice"
        }
    }

    static func make(_ overdue: DunningRoutes.OverdueInvoice, companyName: String, today: String) throws(RuleViolation) -> FormDocument {
        let invoice = overdue.invoice
        let number = "\(invoice.id)-L\(overdue.level.rawValue)"
        var fields = [
            FormField("致", "To", "客户 Customer \(invoice.customerId)"),
            FormField("发票号", "Invoice No.", invoice.id),
            FormField("订单号", "Order No.", invoice.orderId ?? ""),
            FormField("发票金额", "Invoice amount", FormFormat.yuan(invoice.amount)),
            FormField("欠款金额", "Outstanding", FormFormat.yuan(invoice.outstanding)),
            FormField("到期日", "Due", invoice.dueDate.description),
            FormField("逾期天数", "Days overdue", "\(overdue.daysOverdue)"),
            FormField("催款级别", "Level", levelName(overdue.level)),
            FormField("日期", "Date", today),
        ]
        if let notice = overdue.lastNotice {
            fields.append(FormField("上次催收", "Last chased", "\(FormFormat.dateTime(notice.chasedAt)) \(notice.chasedBy)"))
        }
        let outstanding = try RuleViolation.checking("outstanding") { () throws(MoneyError) in try ChineseAmount.words(invoice.outstanding)
        }
        let page = FormPage(
            title: title, number: number, fields: fields,
            amountInWords: FormField("欠款金额(大写)", "Outstanding in words", outstanding),
            paragraphs: [
                "贵公司发票 \(invoice.id) 已于 \(invoice.dueDate) 到期，截至 \(today) 尚欠 \(FormFormat.yuan(invoice.outstanding))，已逾期 \(overdue.daysOverdue) 天。请于收到本函后尽快付款；如已付款，请将付款凭证告知我司财务部，并请忽略本函。",
                "Invoice \(invoice.id) fell due on \(invoice.dueDate); as of \(today), \(FormFormat.yuan(invoice.outstanding)) is outstanding, \(overdue.daysOverdue) days overdue. Please pay it on receipt of this letter. If you have paid, please send us the payment's reference and disregard this letter.",
            ],
            signatures: [FormLabel("\(companyName)(盖章)", "For the company (seal)"), FormLabel("财务部", "Finance"), FormLabel("日期", "Date")])
        return FormDocument(companyName: companyName, title: title, number: number, pages: [page])
    }
}
