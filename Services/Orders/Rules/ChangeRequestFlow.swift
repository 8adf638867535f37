/// A change request's life (CONTRACT.md "Changes to an order"; DOMAIN.md "Order amendments"), as one state
/// machine: approvals, then — because the goods leaving through the gate is the point of no return — a hold of
/// the dispatch note by warehouse-dispatch before anything changes, credit's check of a higher total, the change
/// itself, and the hold lifted:
///
///     pending_approval ──last approval──▶ applying (holding) ──held──▶ applied
///                                            │          └──held, higher total──▶ applying (crediting) ──granted──▶ applied
///                                            └──already_dispatched──▶ rejected              └──refused──▶ rejected
///
/// An order that never started (a phone order awaiting confirmation) has nothing to hold: the change applies at
/// the last approval. An answer that does not fit the state (heard twice, or late) changes nothing.
struct ChangeRequestFlow: Sendable, Hashable {
    enum Status: String, CaseIterable, Codable, Sendable {
        case pendingApproval = "pending_approval"
        /// Approved and applied at the last approval: requests stored before the hold existed. The flow passes
        /// through approval inside the last approval's transaction and stores `applying` (or `applied`).
        case approved
        case applying, applied, rejected
    }

    /// What an `applying` request waits for.
    enum Stage: String, Codable, Sendable {
        /// warehouse-dispatch to hold the note (`warehouse.dispatch_held.v1`) or to say the goods left.
        case holding
        /// credit to take the higher total (`credit.amendment_reserved.v1` / `credit.amendment_refused.v1`).
        case crediting
    }

    struct Rejection: Codable, Sendable, Hashable {
        var code: String
        var reason: String
    }

    enum Input: Sendable, Hashable {
        /// The last approval; `orderStarted`: the order's saga runs (its goods may be on their way).
        case approved(orderStarted: Bool)
        /// The note is held. `needsCredit`: new lines raise the total of an order whose credit is reserved.
        case held(needsCredit: Bool)
        /// The goods left (`already_dispatched`).
        case holdRefused(code: String, reason: String)
        case creditGranted
        case creditRefused(code: String, reason: String)
        /// The order moved on while the request was held (cancelled, finished, a paid deposit above the new total).
        case orderMovedOn(code: String, reason: String)
        /// An approver said no.
        case approvalRejected
    }

    enum Effect: Sendable, Hashable {
        /// Ask warehouse-dispatch to hold the note (`orders.dispatch_hold_requested.v1`).
        case requestHold
        /// Ask credit to take the higher total (`orders.amendment_credit_requested.v1`).
        case askCredit
        /// Make the change: cancel through the saga, write the buyer name or payment method, re-price.
        case apply
        /// Lift the hold without a change to the goods (`orders.dispatch_hold_release_requested.v1`).
        case releaseHold
    }

    private(set) var status: Status
    private(set) var stage: Stage?
    private(set) var rejection: Rejection?

    init(status: Status, stage: Stage? = nil, rejection: Rejection? = nil) {
        self.status = status
        self.stage = status == .applying ? stage ?? .holding : nil
        self.rejection = rejection
    }

    /// Takes one input; returns the effects to carry out, or nil when the input does not fit the state.
    mutating func take(_ input: Input) -> [Effect]? {
        switch status {
        case .pendingApproval: takeWhilePending(input)
        case .applying: takeWhileApplying(input)
        case .approved, .applied, .rejected: nil
        }
    }

    private mutating func takeWhilePending(_ input: Input) -> [Effect]? {
        switch input {
        case .approvalRejected:
            status = .rejected
            return []
        case .approved(let started):
            if !started {
                status = .applied
                return [.apply]
            }
            status = .applying
            stage = .holding
            return [.requestHold]
        case .held, .holdRefused, .creditGranted, .creditRefused, .orderMovedOn:
            return nil
        }
    }

    private mutating func takeWhileApplying(_ input: Input) -> [Effect]? {
        guard let stage else { return nil }
        switch (stage, input) {
        case (.holding, .held(let needsCredit)):
            if needsCredit {
                self.stage = .crediting
                return [.askCredit]
            }
            finish()
            return [.apply]
        case (.holding, .holdRefused(let code, let reason)):
            // Nothing was held: nothing to lift.
            reject(code, reason)
            return []
        case (.crediting, .creditGranted):
            finish()
            return [.apply]
        case (.crediting, .creditRefused(let code, let reason)):
            reject(code, reason)
            return [.releaseHold]
        case (.holding, .orderMovedOn(let code, let reason)), (.crediting, .orderMovedOn(let code, let reason)):
            // Asked only once the hold is on (after `held`), so the hold is the request's to lift.
            reject(code, reason)
            return [.releaseHold]
        case (.holding, .creditGranted), (.holding, .creditRefused), (.crediting, .held), (.crediting, .holdRefused),
            (.holding, .approved), (.crediting, .approved), (.holding, .approvalRejected), (.crediting, .approvalRejected):
            return nil
        }
    }

    private mutating func finish() {
        status = .applied
        stage = nil
    }

    private mutating func reject(_ code: String, _ reason: String) {
        status = .rejected
        stage = nil
        rejection = Rejection(code: code, reason: reason)
    }
}
