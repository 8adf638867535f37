import O2CContracts
import O2CForms

/// 报价单 Quotation (DOMAIN.md "Quotes, bids and contracts"; manual 000: "制作出正规的报价单或投标书,装订成册盖章后发出"):
/// the customer, the goods with prices, the total in figures and in capitals, validity, payment terms and delivery,
/// the approvals, and the lines for the quoting salesperson, the approving manager and the company's seal.
enum QuoteDocument {
    static let title = FormLabel("报价单", "Quotation")

    static func make(
        _ quote: Quote, customer: CustomerFacts, products: [String: Product], companyName: String
    ) throws(RuleViolation)
        -> FormDocument
    {
        let fields = [
            FormField("客户", "Customer", customer.name),
            FormField("客户编号", "Customer No.", customer.id),
            FormField("报价日期", "Date", quote.createdAt.map { FormFormat.day($0) } ?? ""),
            FormField("有效期至", "Valid until", FormFormat.dateTime(quote.validUntil)),
            FormField("付款方式", "Payment terms", quote.paymentTerms ?? ""),
            FormField("交货日期", "Delivery date", quote.deliveryDate ?? ""),
            FormField("合计金额", "Total", FormFormat.yuan(quote.total)),
            FormField("状态", "Status", quote.status.rawValue),
            FormField("审批", "Approvals", LineItems.approvals(quote.approval)),
        ]
        let page = FormPage(
            title: title, number: quote.id, fields: fields,
            tables: [try LineItems.table(quote.lines, products: products, total: quote.total)],
            amountInWords: try LineItems.words(quote.total),
            paragraphs: ["以上价格以人民币计。 Prices are in CNY (人民币)."],
            signatures: [
                FormLabel("报价人", "Quoted by"), FormLabel("销售部经理审核", "Approved by the sales manager"),
                FormLabel("公司盖章", "Company seal"), FormLabel("日期", "Date"),
            ])
        return FormDocument(companyName: companyName, title: title, number: quote.id, pages: [page])
    }
}
