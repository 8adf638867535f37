import O2CContracts

// Events the after-sales service publishes (CONTRACT.md "Events on the broker").

/// A service request or complaint was opened.
public struct ServiceRequestOpened: EventContract, Equatable {
    public static let routingKey = "aftersales.service_request_opened.v1"
    public var serviceRequestId: String
    public var orderId: String
    public var customerId: String
    public var sku: String?
    /// `quality` or `non_quality`.
    public var complaintClass: String

    public init(serviceRequestId: String, orderId: String, customerId: String, sku: String?, complaintClass: String) {
        self.serviceRequestId = serviceRequestId
        self.orderId = orderId
        self.customerId = customerId
        self.sku = sku
        self.complaintClass = complaintClass
    }
}

/// A resolved service request was closed.
public struct ServiceRequestClosed: EventContract, Equatable {
    public static let routingKey = "aftersales.service_request_closed.v1"
    public var serviceRequestId: String
    public var orderId: String
    public var complaintClass: String
    public var result: String

    public init(serviceRequestId: String, orderId: String, complaintClass: String, result: String) {
        self.serviceRequestId = serviceRequestId
        self.orderId = orderId
        self.complaintClass = complaintClass
        self.result = result
    }
}
