import Testing

@testable import Orders

/// CONTRACT.md "Changes to an order": pending_approval → approved → applying → applied | rejected, with the
/// warehouse's hold of the dispatch note before anything changes (the gate is the point of no return).
@Suite("A change request's flow (DOMAIN.md: Order amendments; CONTRACT.md: Changes to an order)")
struct ChangeRequestFlowTests {
    @Test("on a running order the last approval asks for the hold; nothing is applied before the warehouse answers")
    func holdFirst() {
        var flow = ChangeRequestFlow(status: .pendingApproval)
        #expect(flow.take(.approved(orderStarted: true)) == [.requestHold])
        #expect(flow.status == .applying)
        #expect(flow.stage == .holding)
        #expect(flow.take(.creditGranted) == nil, "credit is not asked before the hold")
        #expect(flow.take(.held(needsCredit: false)) == [.apply])
        #expect(flow.status == .applied)
        #expect(flow.take(.held(needsCredit: false)) == nil, "an answer heard twice changes nothing")
    }

    @Test("goods already gone: rejected already_dispatched and nothing to lift; an order never started applies at once")
    func alreadyDispatchedOrNotStarted() {
        var gone = ChangeRequestFlow(status: .pendingApproval)
        _ = gone.take(.approved(orderStarted: true))
        #expect(gone.take(.holdRefused(code: "already_dispatched", reason: "left at 10:02")) == [])
        #expect(gone.status == .rejected)
        #expect(gone.rejection?.code == "already_dispatched")

        var phone = ChangeRequestFlow(status: .pendingApproval)
        #expect(phone.take(.approved(orderStarted: false)) == [.apply])
        #expect(phone.status == .applied)
    }

    @Test("a higher total is credited after the hold: refused, the hold is lifted and the request rejected with credit's code")
    func credit() {
        var granted = ChangeRequestFlow(status: .pendingApproval)
        _ = granted.take(.approved(orderStarted: true))
        #expect(granted.take(.held(needsCredit: true)) == [.askCredit])
        #expect(granted.stage == .crediting)
        #expect(granted.take(.creditGranted) == [.apply])
        #expect(granted.status == .applied)

        var refused = ChangeRequestFlow(status: .applying, stage: .crediting)
        #expect(refused.take(.creditRefused(code: "credit_limit_exceeded", reason: "over by 2400.00")) == [.releaseHold])
        #expect(refused.rejection == .init(code: "credit_limit_exceeded", reason: "over by 2400.00"))
    }

    @Test("an order that moved on while held: rejected, hold lifted; an approver's no ends it before any hold")
    func movedOnOrRefused() {
        var held = ChangeRequestFlow(status: .applying, stage: .holding)
        #expect(held.take(.orderMovedOn(code: "invalid_state", reason: "cancelled")) == [.releaseHold])
        #expect(held.status == .rejected)

        var no = ChangeRequestFlow(status: .pendingApproval)
        #expect(no.take(.approvalRejected) == [])
        #expect(no.status == .rejected)
        #expect(no.take(.held(needsCredit: false)) == nil)
    }
}
