import Foundation

/// Counts finished orders and shows them on stderr: a bar redrawn in place on a terminal, one plain
/// line per finished order otherwise.
actor DemoProgress {
    let total: Int
    let isTerminal = isatty(STDERR_FILENO) == 1
    private(set) var completed = 0
    private(set) var cancelled = 0
    private(set) var failed = 0

    init(total: Int) { self.total = total }

    func record(_ outcome: OrderDriver.Outcome) {
        switch outcome {
        case .completed: completed += 1
        case .cancelled: cancelled += 1
        case .failed: failed += 1
        }
        draw()
    }

    func draw() {
        let done = completed + cancelled + failed
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        var line = "[\(bar)] \(completed)/\(total) completed, \(cancelled) cancelled"
        if failed > 0 { line += ", \(failed) failed" }
        let text = isTerminal ? "\r\(line)" + (done == total ? "\n" : "") : line + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}
