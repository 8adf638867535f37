import O2CContracts
import O2CForms

/// The goods table of a quote or contract: each line with the product's name, spec and unit, its quantity,
/// unit price and amount (quantity × unit price, checked), and the total.
enum LineItems {
    static let columns = [
        FormLabel("序号", "No."), FormLabel("产品编号", "SKU"), FormLabel("产品名称", "Product"), FormLabel("规格", "Spec"),
        FormLabel("单位", "Unit"), FormLabel("数量", "Quantity"), FormLabel("单价", "Unit price"), FormLabel("金额", "Amount"),
    ]

    /// - Throws: `RuleViolation` (422) when a line's amount is beyond the largest amount.
    static func table(_ lines: [OrderLine], products: [String: Product], total: Money) throws(RuleViolation) -> FormTable {
        var table = FormTable(caption: FormLabel("货物明细", "Goods"), columns: columns)
        for (index, line) in lines.enumerated() {
            let amount = try RuleViolation.checking("lines[\(index)].amount") { () throws(MoneyError) in try line.amount }
            let product = products[line.sku]
            table.append(
                [
                    "\(index + 1)", line.sku, product?.name ?? "", product?.spec ?? "", product?.unit ?? "", "\(line.quantity)",
                    FormFormat.money(line.unitPrice), FormFormat.money(amount),
                ], numeric: [5, 6, 7])
        }
        table.append(["合计 Total", "", "", "", "", "", "", FormFormat.money(total)], numeric: [7])
        return table
    }

    /// 大写金额 of the total.
    static func words(_ total: Money) throws(RuleViolation) -> FormField {
        FormField(
            "合计金额(大写)", "Total in words", try RuleViolation.checking("total") { () throws(MoneyError) in try ChineseAmount.words(total) })
    }

    /// The approvals recorded, as "sales_manager sm-1 2026-12-02 09:30".
    static func approvals(_ approval: ApprovalState) -> String {
        let given = approval.approvals.map { "\($0.role.rawValue) \($0.userId) \(FormFormat.dateTime($0.at))" }
        let pending = approval.pendingRoles.map { "\($0.rawValue) (待审 pending)" }
        let all = given + pending
        return all.isEmpty ? "无需审批 None required" : all.joined(separator: "; ")
    }
}
