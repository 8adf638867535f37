import O2CContracts
import O2CForms

/// 发票 Invoice (DOMAIN.md "Invoices, receipts and the customer's account": finance issues the invoice, the customer
/// signs for it): what it is for (deposit, balance, advanced freight, or a credit note), the order and customer,
/// when it was issued and falls due, its amount in figures and in capitals, what is still outstanding, and the
/// lines for finance and the customer's signature. finance-collections knows customers by id only (it keeps no
/// customer archive), so the customer is printed by its number.
enum InvoiceDocument {
    static func title(_ kind: Invoice.Kind) -> FormLabel {
        kind == .creditNote ? FormLabel("红字发票(贷项通知单)", "Credit Note") : FormLabel("发票", "Invoice")
    }

    static func kindName(_ kind: Invoice.Kind) -> String {
        switch kind {
        case .deposit: "定金 Deposit"
        case .balance: "货款尾款 Balance"
        case .freight: "代垫运费 Freight advanced"
        case .creditNote: "红字冲销 Credit note"
        }
    }

    static func statusName(_ status: Invoice.Status) -> String {
        switch status {
        case .open: "未结清 Open"
        case .settled: "已结清 Settled"
        case .cancelled: "已作废 Cancelled"
        }
    }

    static func make(_ invoice: Invoice, companyName: String) throws(RuleViolation) -> FormDocument {
        let title = title(invoice.kind)
        let fields = [
            FormField("发票号", "Invoice No.", invoice.id),
            FormField("类别", "Kind", kindName(invoice.kind)),
            FormField("订单号", "Order No.", invoice.orderId ?? ""),
            FormField("客户编号", "Customer No.", invoice.customerId),
            FormField("开票日期", "Issued", FormFormat.dateTime(invoice.issuedAt)),
            FormField("到期日", "Due", invoice.dueDate.description),
            FormField("金额", "Amount", FormFormat.yuan(invoice.amount)),
            FormField("未付金额", "Outstanding", FormFormat.yuan(invoice.outstanding)),
            FormField("状态", "Status", statusName(invoice.status)),
        ]
        let words = try RuleViolation.checking("amount") { () throws(MoneyError) in try ChineseAmount.words(invoice.amount) }
        let page = FormPage(
            title: title, number: invoice.id, fields: fields,
            amountInWords: FormField("金额(大写)", "Amount in words", words),
            paragraphs: ["请按到期日付款，付款时请注明发票号。 Please pay by the due date, quoting the invoice number."],
            signatures: [
                FormLabel("开票人(财务部)", "Issued by (finance)"), FormLabel("财务专用章", "Finance seal"),
                FormLabel("客户签收", "Received by the customer"), FormLabel("日期", "Date"),
            ])
        return FormDocument(companyName: companyName, title: title, number: invoice.id, pages: [page])
    }
}
