import Foundation

/// A serial executor that runs every job on one thread of its own.
///
/// The C clients (libpq, librabbitmq-c) block in their calls and let only one thread use a handle at
/// a time. An actor whose `unownedExecutor` is one of these owns its handle exclusively, and its
/// blocking calls never occupy the cooperative pool (two threads on a 2-core machine) or an event loop.
/// `DispatchSerialQueue` would do the same on Darwin but does not exist on Linux.
package final class DedicatedThreadExecutor: SerialExecutor, @unchecked Sendable {
    // @unchecked Sendable: `jobs` and `stopped` are only touched with `condition` held.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopped = false
    package let name: String

    package init(name: String) {
        self.name = name
        let thread = Thread { [self] in self.runLoop() }
        thread.name = name
        thread.start()
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    package func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Lets the thread finish the jobs already queued, then exit. Jobs enqueued later still run
    /// (the thread keeps serving them until the queue is empty), so an actor may shut its executor
    /// down from inside its own `close()`.
    package func shutdown() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func runLoop() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedSerialExecutor()) }
        }
    }
}
