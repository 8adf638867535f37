/// The unpaid-deposit window (DOMAIN.md "The order-to-cash flow", Deadlines; CONTRACT.md "Changes to an
/// order, payments, rules as data"): the customer has this many days from the deposit invoice to pay it.
/// The saga cancels the order when it ends unpaid (`deposit_unpaid`), and finance makes the deposit
/// invoice fall due on its last day, so that no deposit is overdue, dunned or puts anyone on hold inside it.
/// The window is orders' setting `unpaidDepositDays`: the saga keeps it from the signing, and the deposit
/// request (`orders.deposit_invoice_requested.v1`) carries it to finance; this is its default.
package enum DepositWindow {
    package static let defaultDays = 7
}
