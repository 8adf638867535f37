import O2CContracts
import O2CForms

/// 销售合同 Sales Contract (DOMAIN.md "Quotes, bids and contracts"; manual 003: 客户全称、发货地址、产品名称、规格、数量、
/// 交货时间、金额): seller and buyer, the quote it was made from, the goods, the total in figures and in capitals,
/// delivery address and date, payment terms, the cancellation term, the approvals, and both parties' signatures
/// and seals. The buyer's contact person and phone are the customer archive's (DOMAIN.md "Confidentiality") and
/// are not printed: the contract's JSON does not carry them either.
enum ContractDocument {
    static let title = FormLabel("销售合同", "Sales Contract")

    static func make(
        _ contract: Contract, customer: CustomerFacts, products: [String: Product], companyName: String
    ) throws(RuleViolation)
        -> FormDocument
    {
        let fields = [
            FormField("供方(卖方)", "Seller", companyName),
            FormField("需方(买方)", "Buyer", customer.name),
            FormField("客户编号", "Customer No.", customer.id),
            FormField("报价单号", "Quotation No.", contract.quoteId),
            FormField("订单号", "Order No.", contract.orderId ?? ""),
            FormField("合同日期", "Date", contract.createdAt.map { FormFormat.day($0) } ?? ""),
            FormField("交货地址", "Delivery address", contract.deliveryAddress),
            FormField("交货日期", "Delivery date", contract.requestedDeliveryDate ?? ""),
            FormField("付款方式", "Payment terms", contract.paymentTerms ?? ""),
            FormField("违约金(订单总额的百分比)", "Cancellation penalty (% of the total)", "\(contract.cancellationPenaltyPercent)%"),
            FormField("合同总金额", "Total", FormFormat.yuan(contract.total)),
            FormField("状态", "Status", contract.status.rawValue),
            FormField("审批", "Approvals", LineItems.approvals(contract.approval)),
        ]
        let page = FormPage(
            title: title, number: contract.id, fields: fields,
            tables: [try LineItems.table(contract.lines, products: products, total: contract.total)],
            amountInWords: try LineItems.words(contract.total),
            paragraphs: [
                "本合同一式两份，供需双方各执一份，双方签字盖章后生效。 Two copies, one for each party; in force when signed and sealed by both.",
                "合同原件存财务部，复印件存销售部。 The original is kept by finance, a copy by sales.",
            ],
            signatures: [
                FormLabel("供方代表(签字盖章)", "For the seller (signature and seal)"),
                FormLabel("需方代表(签字盖章)", "For the buyer (signature and seal)"),
                FormLabel("签订日期", "Date signed"), FormLabel("签订日期", "Date signed"),
            ])
        return FormDocument(companyName: companyName, title: title, number: contract.id, pages: [page])
    }
}
