import Foundation

/// Prints an HTML form as a user would: headless Chromium (Debian's `chromium`) to PDF, then `pdftotext`
/// (Debian's `poppler-utils`) for the text a reader of the PDF sees. `scripts/infra.sh start` installs both and
/// a CJK font (`fonts-wqy-zenhei`), without which the Chinese titles print as boxes and the text has none.
enum FormPrinter {
    struct Printed {
        var html: String
        var text: String
    }

    /// Writes `html` to a temporary file, prints it to PDF with one Chromium run, and extracts the PDF's text.
    static func print(_ html: Data, name: String) throws -> Printed {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("o2c-forms-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("\(name).html")
        let pdf = directory.appendingPathComponent("\(name).pdf")
        try html.write(to: page)
        _ = try run(
            "chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                "--user-data-dir=\(directory.appendingPathComponent("profile").path)", "--print-to-pdf=\(pdf.path)", page.absoluteString,
            ])
        guard FileManager.default.fileExists(atPath: pdf.path) else { throw TestFailure("chromium wrote no PDF for \(name)") }
        // O2C_FORMS_KEEP=<dir> keeps each PDF there, for a person to look at the forms.
        if let keep = ProcessInfo.processInfo.environment["O2C_FORMS_KEEP"] {
            let kept = URL(fileURLWithPath: keep).appendingPathComponent("\(name).pdf")
            try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: kept)
            try FileManager.default.copyItem(at: pdf, to: kept)
        }
        let text = try run("pdftotext", ["-layout", pdf.path, "-"])
        return Printed(html: String(decoding: html, as: UTF8.self), text: text)
    }

    /// Runs a tool found on PATH; its standard output, or a failure naming the tool and its exit status.
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure("\(tool) exited with \(process.terminationStatus) (is it installed? scripts/infra.sh start installs it)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
