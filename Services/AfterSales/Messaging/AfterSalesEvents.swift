import O2CContracts

// Events the after-sales service publishes (CONTRACT.md "Events on the broker").

/// A service request or complaint was opened.
package struct ServiceRequestOpened: EventContract, Equatable {
    package static let routingKey = "aftersales.service_request_opened.v1"
    package var serviceRequestId: String
    package var orderId: String
    package var customerId: String
    package var sku: String?
    /// `quality` or `non_quality`.
    package var complaintClass: String

    package init(serviceRequestId: String, orderId: String, customerId: String, sku: String?, complaintClass: String) {
        self.serviceRequestId = serviceRequestId
        self.orderId = orderId
        self.customerId = customerId
        self.sku = sku
        self.complaintClass = complaintClass
    }
}

/// A resolved service request was closed.
package struct ServiceRequestClosed: EventContract, Equatable {
    package static let routingKey = "aftersales.service_request_closed.v1"
    package var serviceRequestId: String
    package var orderId: String
    package var complaintClass: String
    package var result: String

    package init(serviceRequestId: String, orderId: String, complaintClass: String, result: String) {
        self.serviceRequestId = serviceRequestId
        self.orderId = orderId
        self.complaintClass = complaintClass
        self.result = result
    }
}
