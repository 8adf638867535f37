import Foundation

/// The running processes of one scaled service, handed out in turn to the steps that call it.
actor InstanceSet {
    let executable: String
    let schema: String
    private(set) var live: [ServiceProcess]
    private var draining: Set<Int> = []
    private var leases: [Int: Int] = [:]
    private var turn = 0

    init(executable: String, schema: String, live: [ServiceProcess]) {
        self.executable = executable
        self.schema = schema
        self.live = live
    }

    func lease() -> ServiceProcess {
        let open = live.filter { !draining.contains($0.port) }
        let instance = open[turn % open.count]
        turn += 1
        leases[instance.port, default: 0] += 1
        return instance
    }

    func release(_ instance: ServiceProcess) { leases[instance.port, default: 1] -= 1 }

    /// Hands `instance` to no new step and waits until the steps using it are done.
    func drain(_ instance: ServiceProcess, timeout: Duration = .seconds(120)) async throws {
        draining.insert(instance.port)
        let deadline = ContinuousClock.now + timeout
        while leases[instance.port, default: 0] > 0 {
            guard ContinuousClock.now < deadline else { throw TestFailure("\(executable):\(instance.port) still in use after \(timeout)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func replace(_ old: ServiceProcess, with new: ServiceProcess) {
        live = live.map { $0.port == old.port ? new : $0 }
        draining.remove(old.port)
    }
}
