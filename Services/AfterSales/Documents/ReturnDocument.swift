import O2CContracts
import O2CForms

/// 退货单 / 换货单 Return or Exchange Form (DOMAIN.md "After-sales and returns": the customer applies → the salesperson
/// reports it → branch_manager confirms → name, spec and quantity are checked → a technician authenticates the goods
/// → sales_manager approves the return detail (红字需货申请单) → the reversing outbound note (红字销售出库单) → the
/// warehouse receives → finance credits). The order and customer, the reason, the goods with quantities asked for
/// and received, their prices and the amount in figures and in capitals, the reversing note and the credit note,
/// every step taken with who, role and when, and a signature line for each step's role.
enum ReturnDocument {
    static func title(_ kind: String) -> FormLabel {
        kind == "exchange" ? FormLabel("换货单", "Exchange Form") : FormLabel("退货单", "Return Form")
    }

    static func make(_ view: ReturnView, customerName: String?, companyName: String) throws(RuleViolation) -> FormDocument {
        let title = title(view.kind)
        var fields = [
            FormField("退换货单号", "Return No.", view.id),
            FormField("订单号", "Order No.", view.orderId),
            FormField("客户", "Customer", customerName ?? ""),
            FormField("客户编号", "Customer No.", view.customerId),
            FormField("类型", "Kind", view.kind == "exchange" ? "换货 Exchange" : "退货 Return"),
            FormField("原因", "Reason", view.reason),
            FormField("状态", "Status", view.status),
            FormField("申请人", "Requested by", view.requestedBy),
            FormField("申请时间", "Requested at", FormFormat.dateTime(view.requestedAt)),
            FormField("红字销售出库单号", "Reversing delivery note No.", view.returnNoteId ?? ""),
            FormField("金额", "Amount", FormFormat.yuan(view.amount)),
        ]
        if let creditNote = view.creditNote {
            fields.append(
                FormField(
                    "红字发票(贷项)", "Credit note",
                    "\(creditNote.id): \(FormFormat.yuan(creditNote.amount)) (冲抵 offset \(FormFormat.yuan(creditNote.offset)), 退款 refunded \(FormFormat.yuan(creditNote.refunded)))"
                ))
        }
        var goods = FormTable(
            caption: FormLabel("退换货明细", "Goods"),
            columns: [
                FormLabel("序号", "No."), FormLabel("产品编号", "SKU"), FormLabel("申请数量", "Quantity asked"),
                FormLabel("实收数量", "Quantity received"), FormLabel("单价", "Unit price"), FormLabel("金额", "Amount"),
            ])
        for (index, line) in view.lines.enumerated() {
            goods.append(
                [
                    "\(index + 1)", line.sku, "\(line.quantity)", line.receivedQuantity.map { "\($0)" } ?? "",
                    FormFormat.money(line.unitPrice),
                    FormFormat.money(line.amount),
                ], numeric: [2, 3, 4, 5])
        }
        goods.append(["合计 Total", "", "", "", "", FormFormat.money(view.amount)], numeric: [5])
        var steps = FormTable(
            caption: FormLabel("处理记录", "Steps"),
            columns: [
                FormLabel("步骤", "Step"), FormLabel("状态", "Status"), FormLabel("处理人", "By"), FormLabel("角色", "Role"), FormLabel("时间", "At"),
                FormLabel("意见", "Comment"),
            ])
        for step in view.history {
            steps.append([step.action, step.status, step.by, step.role, FormFormat.dateTime(step.at), step.comment ?? ""], codes: [4])
        }
        let words = try RuleViolation.checking("amount") { () throws(MoneyError) in try ChineseAmount.words(view.amount) }
        let page = FormPage(
            title: title, number: view.id, fields: fields, tables: [goods, steps],
            amountInWords: FormField("金额(大写)", "Amount in words", words),
            signatures: [
                FormLabel("业务员", "Salesperson"), FormLabel("分公司经理确认", "Branch manager"), FormLabel("技术鉴定", "Technician"),
                FormLabel("销售部经理审批", "Sales manager"), FormLabel("库房收货", "Warehouse"), FormLabel("财务", "Finance"),
            ])
        return FormDocument(companyName: companyName, title: title, number: view.id, pages: [page])
    }
}
