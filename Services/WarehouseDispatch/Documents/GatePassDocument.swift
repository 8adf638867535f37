import O2CContracts
import O2CForms

/// 出门条 Gate Pass (DOMAIN.md "Dispatch" 5; manual 004: 门卫必须凭销售部门开具的出门条方能放行): what the gate checks
/// the goods against — the pass, its note and order, the carrier and the goods — with whether it is still valid,
/// and the lines for whoever issued it (sales), the carrier and the gatekeeper. Like its JSON, no customer,
/// address, phone or price (DOMAIN.md "Confidentiality").
enum GatePassDocument {
    static let title = FormLabel("出门条", "Gate Pass")

    static func make(_ pass: GatePassRoutes.PassView, companyName: String) -> FormDocument {
        let state =
            pass.void
            ? "作废 Void" : pass.used ? "已放行 Used (goods let out)" : pass.heldFor != nil ? "暂停(变更待定) Held for a change" : "有效 Valid"
        let fields = [
            FormField("出门条号", "Pass No.", pass.gatePassId),
            FormField("出库单号", "Note No.", pass.dispatchNoteId),
            FormField("订单号", "Order No.", pass.orderId),
            FormField("承运人", "Carrier", pass.carrier ?? ""),
            FormField("状态", "Status", state),
        ]
        var goods = FormTable(
            caption: FormLabel("放行货物", "Goods let out"),
            columns: [FormLabel("序号", "No."), FormLabel("产品编号", "SKU"), FormLabel("数量", "Quantity")])
        for (index, line) in pass.lines.enumerated() { goods.append(["\(index + 1)", line.sku, "\(line.quantity)"], numeric: [2]) }
        let page = FormPage(
            title: title, number: pass.gatePassId, fields: fields, tables: [goods],
            paragraphs: [
                "门卫凭本出门条放行，一货一条，用后作废。 The gate lets the goods out against this pass once; a used or void pass lets nothing out."
            ],
            signatures: [
                FormLabel("开具人(销售部)", "Issued by (sales)"), FormLabel("承运人", "Carrier"), FormLabel("门卫", "Gatekeeper"),
                FormLabel("放行时间", "Let out at"),
            ])
        return FormDocument(companyName: companyName, title: title, number: pass.gatePassId, pages: [page])
    }
}
