import Foundation
import O2CContracts
import O2CForms

/// 客户对账单 Statement of Account (DOMAIN.md: every customer gets a monthly statement, 每月对账: opening balance,
/// invoices, freight, receipts, credit notes, closing balance; the customer's confirmation is recorded; manual 004:
/// 财务部门必须应同所有客户每月进行一次对账). The month's movements as `GET /v1/customers/{id}/statements/{yyyy-mm}`
/// gives them, between the opening and the closing balance, and the confirmation once recorded.
enum StatementDocument {
    static let title = FormLabel("客户对账单", "Statement of Account")

    static func make(_ statement: StatementRoutes.Statement, companyName: String) -> FormDocument {
        let number = "\(statement.customerId)-\(statement.month)"
        let fields = [
            FormField("客户编号", "Customer No.", statement.customerId),
            FormField("对账月份", "Month", statement.month),
            // `to` is the first instant of the next month: the period's last day is the day before it.
            FormField("期间", "Period", "\(FormFormat.day(statement.from)) – \(FormFormat.day(statement.to.addingTimeInterval(-1)))"),
            FormField("期初余额", "Opening balance", FormFormat.yuan(statement.openingBalance)),
        ]
        let invoiceColumns = [
            FormLabel("日期", "Date"), FormLabel("单据号", "Document No."), FormLabel("摘要", "Description"), FormLabel("金额", "Amount"),
        ]
        func invoices(_ caption: FormLabel, _ views: [InvoiceView]) -> FormTable {
            var table = FormTable(caption: caption, columns: invoiceColumns)
            for view in views {
                let order = view.orderId.map { ", 订单 order \($0)" } ?? ""
                table.append(
                    [FormFormat.day(view.issuedAt), view.id, InvoiceDocument.kindName(view.kind) + order, FormFormat.money(view.amount)],
                    numeric: [3], codes: [0, 1])
            }
            return table
        }
        var receipts = FormTable(
            caption: FormLabel("收款", "Receipts"),
            columns: [
                FormLabel("日期", "Date"), FormLabel("收款号", "Receipt No."), FormLabel("方式", "Method"), FormLabel("凭证号", "Reference"),
                FormLabel("金额", "Amount"),
            ])
        for receipt in statement.receipts {
            receipts.append(
                [FormFormat.day(receipt.recordedAt), receipt.id, receipt.method, receipt.reference, FormFormat.money(receipt.amount)],
                numeric: [4],
                codes: [0, 1])
        }
        var refunds = FormTable(
            caption: FormLabel("退款", "Refunds"),
            columns: [
                FormLabel("日期", "Date"), FormLabel("类别", "Kind"), FormLabel("订单号", "Order No."), FormLabel("违约金", "Penalty"),
                FormLabel("金额", "Amount"),
            ])
        for refund in statement.refunds {
            refunds.append(
                [
                    FormFormat.day(refund.at), refund.kind, refund.orderId ?? "", FormFormat.money(refund.penalty),
                    FormFormat.money(refund.amount),
                ],
                numeric: [3, 4], codes: [0])
        }
        var closing = [
            FormField("期末余额", "Closing balance", FormFormat.yuan(statement.closingBalance)),
            FormField("余额说明", "Balance", balanceMeaning(statement.closingBalance)),
        ]
        if let confirmation = statement.confirmation {
            closing.append(
                FormField(
                    "客户确认", "Confirmed by the customer",
                    "\(confirmation.confirmedBy) (\(FormFormat.dateTime(confirmation.recordedAt)), \(confirmation.note))"))
        }
        let page = FormPage(
            title: title, number: number, fields: fields + closing,
            tables: [
                invoices(FormLabel("发票", "Invoices"), statement.invoices), invoices(FormLabel("代垫运费", "Freight"), statement.freight),
                invoices(FormLabel("红字发票(贷项)", "Credit notes"), statement.creditNotes), receipts, refunds,
            ],
            paragraphs: [
                "期末余额 = 期初余额 + 本月发生额；正数为贵方欠款，负数为贵方余款。 Closing = opening + the month's movements; positive: you owe us, negative: you are in credit.",
                "请核对后签字盖章确认并回传；如有差异请于收到后7日内告知。 Please check, sign, seal and return; tell us of any difference within 7 days.",
            ],
            signatures: [
                FormLabel("对账人(财务部)", "Prepared by (finance)"), FormLabel("客户确认(签字盖章)", "Confirmed by the customer (signature and seal)"),
                FormLabel("日期", "Date"), FormLabel("日期", "Date"),
            ])
        return FormDocument(companyName: companyName, title: title, number: number, pages: [page])
    }

    static func balanceMeaning(_ balance: Money) -> String {
        balance > .zero ? "贵方欠款 You owe" : balance < .zero ? "贵方余款 In your credit" : "结清 Settled"
    }
}
