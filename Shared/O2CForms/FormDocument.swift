/// A printable form as its template shows it (CONTRACT.md "The department's daily work", Documents): the
/// company's name, one or more A4 pages (a form's copies, 联, are pages of their own), each with its Chinese
/// title and the English beside it, the document's number, its fields, tables, amount in capitals, remarks
/// and signature lines. Every text is data: the template escapes each one.
package struct FormDocument: Sendable {
    package var companyName: String
    /// The title of the document as a whole (the browser tab, the PDF's title).
    package var title: FormLabel
    package var number: String
    package var pages: [FormPage]

    package init(companyName: String, title: FormLabel, number: String, pages: [FormPage]) {
        (self.companyName, self.title, self.number, self.pages) = (companyName, title, number, pages)
    }
}

/// A label in Chinese with its English beside it: 客户 Customer.
package struct FormLabel: Sendable {
    package var zh: String
    package var en: String
    package init(_ zh: String, _ en: String) { (self.zh, self.en) = (zh, en) }
}

/// A labelled value of a form.
package struct FormField: Sendable {
    package var label: FormLabel
    package var value: String
    package init(_ zh: String, _ en: String, _ value: String) { (label, self.value) = (FormLabel(zh, en), value) }
}

/// A table of a form: column headings and rows of cells; amounts and quantities are right-aligned.
package struct FormTable: Sendable {
    package struct Cell: Sendable {
        package var text: String
        package var numeric: Bool
        /// A number or code that must not break across lines (a document number, a date).
        package var nowrap: Bool
    }
    package struct Row: Sendable {
        package var cells: [Cell]
    }
    package var caption: FormLabel?
    package var columns: [FormLabel]
    package var rows: [Row] = []

    package init(caption: FormLabel? = nil, columns: [FormLabel]) { (self.caption, self.columns) = (caption, columns) }

    /// Adds a row; `numeric` names the columns (by index) that hold amounts or quantities (right-aligned),
    /// `codes` those that hold document numbers or dates (kept on one line).
    package mutating func append(_ texts: [String], numeric: Set<Int> = [], codes: Set<Int> = []) {
        rows.append(
            Row(
                cells: texts.enumerated().map {
                    Cell(text: $0.element, numeric: numeric.contains($0.offset), nowrap: codes.contains($0.offset))
                }))
    }
}

/// One printed page.
package struct FormPage: Sendable {
    package var title: FormLabel
    package var number: String
    /// Which copy (联) this page is, e.g. 第一联 客户联 / Copy 1: customer.
    package var copy: FormLabel?
    package var fields: [FormField]
    package var tables: [FormTable]
    /// The total written out in capitals (大写金额), when the form has one.
    package var amountInWords: FormField?
    /// Running text (a letter's paragraphs, a form's remarks).
    package var paragraphs: [String]
    package var signatures: [FormLabel]

    package init(
        title: FormLabel, number: String, copy: FormLabel? = nil, fields: [FormField] = [], tables: [FormTable] = [],
        amountInWords: FormField? = nil, paragraphs: [String] = [], signatures: [FormLabel] = []
    ) {
        (self.title, self.number, self.copy, self.fields, self.tables) = (title, number, copy, fields, tables)
        (self.amountInWords, self.paragraphs, self.signatures) = (amountInWords, paragraphs, signatures)
    }
}
