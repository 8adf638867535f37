import ServiceLifecycle

/// The shared shape of the platform's long-running loops (relay, consumers, scheduler, housekeeping).
enum ServiceLoop {
    /// True once the service group asked this service to stop, or its task was cancelled.
    static var shouldStop: Bool { Task.isShuttingDownGracefully || Task.isCancelled }

    /// Sleeps, but wakes at once when a graceful shutdown starts, so no loop holds up a shutdown.
    static func pause(_ duration: Duration) async {
        _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    }
}
