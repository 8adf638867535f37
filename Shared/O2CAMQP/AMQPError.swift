/// The one error type of the AMQP adapter: an extensible code plus context.
package struct AMQPError: Error, CustomStringConvertible, Sendable {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        package var description: String { name }

        /// The configuration (usually the URL) cannot be used.
        package static let invalidConfiguration = Code("invalidConfiguration")
        /// TCP connect, login, channel open or topology declaration failed.
        package static let connectionFailed = Code("connectionFailed")
        /// An established connection broke (socket error, heartbeat timeout, connection.close by the broker).
        package static let connectionLost = Code("connectionLost")
        /// The broker closed the channel (e.g. 404 NOT_FOUND, 406 PRECONDITION_FAILED); see `replyCode`.
        package static let channelClosed = Code("channelClosed")
        /// A mandatory message matched no queue and came back with basic.return.
        package static let unroutable = Code("unroutable")
        /// The broker answered basic.nack for a published message.
        package static let nacked = Code("nacked")
        /// Not every publisher confirm arrived in time; the message may or may not have been delivered.
        package static let confirmTimeout = Code("confirmTimeout")
        /// A fault armed in an `AMQPFaultInjector` fired.
        package static let injectedFault = Code("injectedFault")
        /// librabbitmq reported something the adapter did not expect.
        package static let protocolError = Code("protocolError")
    }

    package var code: Code
    package var message: String
    /// The AMQP reply code of a channel.close / connection.close / basic.return (e.g. 404, 312, 320).
    package var replyCode: Int?
    /// For `.unroutable`, `.nacked`, `.confirmTimeout` (and a publish cut by `.connectionLost` or
    /// `.channelClosed`): the ids of the messages of the batch that were not confirmed.
    package var failedMessageIDs: [String]

    package init(code: Code, message: String, replyCode: Int? = nil, failedMessageIDs: [String] = []) {
        self.code = code
        self.message = message
        self.replyCode = replyCode
        self.failedMessageIDs = failedMessageIDs
    }

    package var description: String {
        var text = "AMQPError.\(code): \(message)"
        if let replyCode { text += " (reply code \(replyCode))" }
        if !failedMessageIDs.isEmpty {
            let shown = failedMessageIDs.prefix(5).joined(separator: ", ")
            let more = failedMessageIDs.count > 5 ? " and \(failedMessageIDs.count - 5) more" : ""
            text += " [messages: \(shown)\(more)]"
        }
        return text
    }

    /// The same error, naming the messages it left unconfirmed.
    func withFailedMessageIDs(_ ids: [String]) -> AMQPError {
        var copy = self
        copy.failedMessageIDs = ids
        return copy
    }

    /// The same error with another code (e.g. `.connectionFailed` while still connecting).
    func withCode(_ code: Code) -> AMQPError {
        var copy = self
        copy.code = code
        return copy
    }
}
