import Mustache

/// The one template every form prints through, compiled into the binary (no resource bundle, so a container
/// image needs nothing beside the executable). Every value is written with `{{ }}`, which escapes HTML; the
/// template never uses `{{{ }}}` (`FormTemplateTests` checks it).
package enum FormTemplate {
    static let page = """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <title>{{title.zh}} {{title.en}} {{number}}</title>
        <style>
        @page { size: A4; margin: 14mm 12mm; }
        html { font-family: "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
          font-size: 10.5pt; color: #000; }
        body { margin: 0; }
        .page { break-after: page; page-break-after: always; }
        .page:last-child { break-after: auto; page-break-after: auto; }
        header { text-align: center; margin-bottom: 6mm; }
        .company { font-size: 13pt; font-weight: bold; }
        h1 { font-size: 18pt; margin: 2mm 0 1mm; }
        h1 small, th small, .label small, caption small { font-weight: normal; font-size: 8.5pt; color: #333; }
        .meta { display: flex; justify-content: space-between; font-size: 9.5pt; }
        table { width: 100%; border-collapse: collapse; margin: 3mm 0; }
        th, td { border: 0.3mm solid #000; padding: 1.2mm 2mm; vertical-align: top; text-align: left; }
        caption { text-align: left; font-weight: bold; padding-bottom: 1mm; }
        td.num { text-align: right; white-space: nowrap; }
        td.code { white-space: nowrap; }
        table:not(.fields) { font-size: 9pt; }
        table.fields th { width: 32%; background: #f2f2f2; }
        .words { border: 0.3mm solid #000; padding: 2mm; margin: 3mm 0; }
        p { line-height: 1.6; margin: 2mm 0; }
        .signatures { display: flex; flex-wrap: wrap; gap: 4mm 8mm; margin-top: 10mm; }
        .signature { flex: 1 0 40%; border-bottom: 0.3mm solid #000; padding-bottom: 8mm; }
        </style>
        </head>
        <body>
        {{#pages}}
        <section class="page">
        <header>
        <div class="company">{{companyName}}</div>
        <h1>{{title.zh}} <small>{{title.en}}</small></h1>
        <div class="meta"><span>编号 <small>No.</small> {{number}}</span>{{#copy}}<span>{{zh}} <small>{{en}}</small></span>{{/copy}}</div>
        </header>
        {{#hasFields}}
        <table class="fields">
        {{/hasFields}}
        {{#fields}}
        <tr><th>{{label.zh}} <small>{{label.en}}</small></th><td>{{value}}</td></tr>
        {{/fields}}
        {{#hasFields}}
        </table>
        {{/hasFields}}
        {{#tables}}
        <table>
        {{#caption}}<caption>{{zh}} <small>{{en}}</small></caption>{{/caption}}
        <thead><tr>{{#columns}}<th>{{zh}} <small>{{en}}</small></th>{{/columns}}</tr></thead>
        <tbody>
        {{#rows}}
        <tr>{{#cells}}<td class="{{#numeric}}num{{/numeric}}{{#nowrap}} code{{/nowrap}}">{{text}}</td>{{/cells}}</tr>
        {{/rows}}
        {{#isEmpty}}<tr><td colspan="{{columnCount}}">无 <small>None</small></td></tr>{{/isEmpty}}
        </tbody>
        </table>
        {{/tables}}
        {{#amountInWords}}
        <div class="words"><span class="label">{{label.zh}} <small>{{label.en}}</small></span>: {{value}}</div>
        {{/amountInWords}}
        {{#paragraphs}}
        <p>{{.}}</p>
        {{/paragraphs}}
        {{#hasSignatures}}
        <div class="signatures">
        {{/hasSignatures}}
        {{#signatures}}
        <div class="signature"><span class="label">{{zh}} <small>{{en}}</small></span>:</div>
        {{/signatures}}
        {{#hasSignatures}}
        </div>
        {{/hasSignatures}}
        </section>
        {{/pages}}
        </body>
        </html>
        """

    static let compiled: MustacheTemplate? = try? MustacheTemplate(string: page)

    /// The document as an HTML page.
    /// - Throws: `FormError` when the template did not compile (a defect a unit test catches).
    package static func render(_ document: FormDocument) throws(FormError) -> String {
        guard let compiled else { throw FormError(message: "the form template does not compile") }
        return compiled.render(View(document))
    }

    /// What the template reads: the document with the flags it needs stored (mustache sees stored
    /// properties only).
    struct View {
        struct Table {
            var caption: FormLabel?
            var columns: [FormLabel]
            var rows: [FormTable.Row]
            var isEmpty: Bool
            var columnCount: Int
        }
        struct Page {
            var title: FormLabel
            var number: String
            var copy: FormLabel?
            var fields: [FormField]
            var hasFields: Bool
            var tables: [Table]
            var amountInWords: FormField?
            var paragraphs: [String]
            var signatures: [FormLabel]
            var hasSignatures: Bool
        }
        var companyName: String
        var title: FormLabel
        var number: String
        var pages: [Page]

        init(_ document: FormDocument) {
            (companyName, title, number) = (document.companyName, document.title, document.number)
            pages = document.pages.map { page in
                Page(
                    title: page.title, number: page.number, copy: page.copy, fields: page.fields, hasFields: !page.fields.isEmpty,
                    tables: page.tables.map {
                        Table(
                            caption: $0.caption, columns: $0.columns, rows: $0.rows, isEmpty: $0.rows.isEmpty, columnCount: $0.columns.count
                        )
                    },
                    amountInWords: page.amountInWords, paragraphs: page.paragraphs, signatures: page.signatures,
                    hasSignatures: !page.signatures.isEmpty)
            }
        }
    }
}

/// A form could not be rendered.
package struct FormError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
