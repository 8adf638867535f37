/// Publisher-confirm bookkeeping for one batch: which delivery tags were acked, nacked or returned.
///
/// Tags are consecutive from `firstTag` (the channel counts publishes from 1 after confirm.select).
/// An ack or nack with `multiple` settles every tag up to and including its own. A basic.return
/// carries no tag: it names the message by id and arrives before that message's ack.
struct ConfirmTracker {
    let firstTag: UInt64
    let messageIDs: [String]
    private var settled: [Bool]
    private var settledCount = 0
    /// Every tag below `firstTag + scanFrom` is settled.
    private var scanFrom = 0
    private(set) var nacked: [Int] = []
    private(set) var returned: [Int] = []
    private(set) var returnReply: (code: Int, text: String)?
    /// Tags whose confirm is to be ignored (fault `amqp.confirm_lost`).
    private var ignored: Set<UInt64> = []

    init(firstTag: UInt64, messageIDs: [String]) {
        self.firstTag = firstTag
        self.messageIDs = messageIDs
        self.settled = Array(repeating: false, count: messageIDs.count)
    }

    var isComplete: Bool { settledCount == messageIDs.count }

    mutating func ignoreConfirm(of tag: UInt64) { ignored.insert(tag) }

    mutating func ack(_ tag: UInt64, multiple: Bool) { settle(tag, multiple: multiple, nack: false) }

    mutating func nack(_ tag: UInt64, multiple: Bool) { settle(tag, multiple: multiple, nack: true) }

    mutating func returned(messageID: String?, replyCode: Int, replyText: String) {
        returnReply = (replyCode, replyText)
        let index = messageIDs.indices.first { messageIDs[$0] == messageID && !settled[$0] && !returned.contains($0) }
        if let index { returned.append(index) }
    }

    private mutating func settle(_ tag: UInt64, multiple: Bool, nack: Bool) {
        guard tag >= firstTag else { return }  // a late confirm from an earlier batch
        let last = Int(tag - firstTag)
        guard last < messageIDs.count else { return }
        let range = multiple ? scanFrom...last : last...last
        for index in range where !settled[index] && !ignored.contains(firstTag + UInt64(index)) {
            settled[index] = true
            settledCount += 1
            if nack { nacked.append(index) }
        }
        while scanFrom < settled.count && (settled[scanFrom] || ignored.contains(firstTag + UInt64(scanFrom))) {
            scanFrom += 1
        }
    }

    /// Ids of the messages not (yet) confirmed.
    var unsettledIDs: [String] { messageIDs.indices.filter { !settled[$0] }.map { messageIDs[$0] } }

    /// The error for this batch once waiting is over, or `nil` when every message was acked and routed.
    func failure(timedOut: Bool) -> AMQPError? {
        let unconfirmed = messageIDs.indices.filter { !settled[$0] }
        let failed = Set(returned + nacked + unconfirmed).sorted().map { messageIDs[$0] }
        guard !failed.isEmpty else { return nil }
        if !returned.isEmpty {
            let reply = returnReply.map { " (\($0.text))" } ?? ""
            return AMQPError(
                code: .unroutable,
                message: "\(returned.count) of \(messageIDs.count) message(s) matched no queue\(reply)",
                replyCode: returnReply?.code, failedMessageIDs: failed)
        }
        if !nacked.isEmpty {
            return AMQPError(
                code: .nacked, message: "the broker nacked \(nacked.count) of \(messageIDs.count) message(s)",
                failedMessageIDs: failed)
        }
        return AMQPError(
            code: .confirmTimeout,
            message: "\(unconfirmed.count) of \(messageIDs.count) publisher confirm(s) did not arrive in time"
                + (timedOut ? "" : " (waiting ended early)"),
            failedMessageIDs: failed)
    }
}
