import O2CContracts
import O2CForms

/// 销售出库单 Sales Delivery Note with its waybill (DOMAIN.md "Dispatch"; manual 004, 发货管理程序). The note is
/// printed in its three copies (联), each a page of its own, as the manual names them: the customer's copy
/// (客户联, delivered with the goods), finance's copy (财务联) and the sales copy (业务联, kept by sales when it
/// issues the gate pass: "收取出庫單(發貨單)業務聯留存備查"). Each copy has the goods as ordered and as picked and the
/// lines for the people who sign it: the sales_admin who issued it, finance's and sales' approvals, the
/// warehouse's two counters (a container load is counted by two), the carrier and the customer. The waybill
/// (托运单) follows with every field item 10 of the manual names: quantity, freight unit price, pricing unit,
/// consignee, consignee's address and phone, carrier, total freight, destination. A note carries no prices
/// (warehouse-dispatch keeps none); the waybill's freight is its amount.
///
/// A return's reversing note prints as 红字销售出库单. A carrier's print, like its JSON view, leaves out the
/// customer's name (the consignee it signed for is on the waybill).
enum DispatchNoteDocument {
    static let copies = [
        FormLabel("第一联 客户联", "Copy 1: customer"), FormLabel("第二联 财务联", "Copy 2: finance"),
        FormLabel("第三联 业务联(销售留存)", "Copy 3: sales (kept by sales)"),
    ]

    static func title(_ kind: String) -> FormLabel {
        switch kind {
        case NoteKind.return.rawValue: FormLabel("红字销售出库单", "Reversing Sales Delivery Note")
        case NoteKind.replacement.rawValue: FormLabel("销售出库单(换货)", "Sales Delivery Note (replacement)")
        default: FormLabel("销售出库单", "Sales Delivery Note")
        }
    }

    static func make(
        _ note: DispatchNoteView, waybill: WaybillStore.Signed?, pickedBy: [String], companyName: String
    ) throws(RuleViolation) -> FormDocument {
        let title = title(note.kind)
        var fields = [
            FormField("出库单号", "Note No.", note.id),
            FormField("订单号", "Order No.", note.orderId),
            FormField("客户", "Customer", note.customerName ?? "—"),
            FormField("送货地址", "Delivery address", note.deliveryAddress),
            FormField("应发货日期", "Ship by", FormFormat.dateTime(note.shipBy)),
            FormField("状态", "Status", note.status),
            FormField("承运人", "Carrier", note.carrier ?? ""),
        ]
        if let returnId = note.returnId { fields.append(FormField("退换货单号", "Return No.", returnId)) }
        if !pickedBy.isEmpty { fields.append(FormField("库房清点人", "Picked and counted by", pickedBy.joined(separator: ", "))) }
        var goods = FormTable(
            caption: FormLabel("货物明细", "Goods"),
            columns: [
                FormLabel("序号", "No."), FormLabel("产品编号", "SKU"), FormLabel("应发数量", "Quantity ordered"),
                FormLabel("实发数量", "Quantity picked"),
            ])
        for (index, line) in note.lines.enumerated() {
            goods.append(["\(index + 1)", line.sku, "\(line.quantity)", line.pickedQuantity.map { "\($0)" } ?? ""], numeric: [2, 3])
        }
        let signatures = [
            FormLabel("制单(销售内勤)", "Issued by (sales admin)"), FormLabel("财务审核", "Approved by finance"),
            FormLabel("销售审核", "Approved by sales"), FormLabel("库房发货/清点人一", "Warehouse: counted by (1)"),
            FormLabel("清点人二(集装箱)", "Counted by (2, container loads)"), FormLabel("承运人签字", "Carrier's signature"),
            FormLabel("客户签收", "Received by the customer"), FormLabel("日期", "Date"),
        ]
        var pages = copies.map { copy in
            FormPage(
                title: title, number: note.id, copy: copy, fields: fields, tables: [goods],
                paragraphs: ["承运人按出库单验收货品，确认无误后签字，并对所签当批货品负责。 The carrier checks the goods against this note and signs for them."],
                signatures: signatures)
        }
        pages.append(try waybillPage(note, waybill))
        return FormDocument(companyName: companyName, title: title, number: note.id, pages: pages)
    }

    static func waybillPage(_ note: DispatchNoteView, _ signed: WaybillStore.Signed?) throws(RuleViolation) -> FormPage {
        let title = FormLabel("托运单", "Waybill")
        guard let signed else {
            return FormPage(
                title: title, number: note.id,
                paragraphs: ["尚未交接承运人，托运单未签。 Not yet handed over to a carrier: no waybill signed."])
        }
        let waybill = signed.waybill
        let fields = [
            FormField("出库单号", "Note No.", note.id),
            FormField("发货数量", "Quantity", "\(waybill.quantity)"),
            FormField("运输单价", "Freight per unit", FormFormat.yuan(waybill.unitFreight)),
            FormField("计价单位", "Pricing unit", unitName(waybill.pricingUnit)),
            FormField("收货人", "Consignee", waybill.consignee),
            FormField("收货人详细地址", "Consignee's address", waybill.address),
            FormField("联系电话", "Phone", waybill.phone),
            FormField("承运人及单位", "Carrier", signed.carrier),
            FormField("运费总额", "Total freight", FormFormat.yuan(waybill.totalFreight)),
            FormField("到达地点", "Destination", waybill.destination),
            FormField("承运人签收", "Signed for by", signed.signedBy),
            FormField("交接时间", "Handed over at", FormFormat.dateTime(signed.signedAt)),
        ]
        return FormPage(
            title: title, number: note.id, fields: fields,
            amountInWords: FormField(
                "运费总额(大写)", "Total freight in words",
                try RuleViolation.checking("waybill.totalFreight") { () throws(MoneyError) in try ChineseAmount.words(waybill.totalFreight)
                }),
            paragraphs: [
                "托运单据须于发货后1个工作日内交财务部。 The waybill reaches finance within 1 working day of dispatch."
            ],
            signatures: [FormLabel("承运人签字", "Carrier's signature"), FormLabel("库房", "Warehouse"), FormLabel("日期", "Date")])
    }

    static func unitName(_ unit: WaybillCheck.PricingUnit) -> String {
        switch unit {
        case .piece: "件 piece"
        case .ton: "吨 ton"
        case .m3: "立方米 m³"
        }
    }
}
