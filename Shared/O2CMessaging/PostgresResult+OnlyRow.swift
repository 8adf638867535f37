import O2CPostgres

extension PostgresResult {
    /// The row of a statement that always gives one (an aggregate, an `insert … returning`, an
    /// `update … returning` of a row locked earlier in the transaction); a typed error, never a trap,
    /// if it gave none.
    package func onlyRow() throws -> PostgresRow {
        guard let row = first else { throw PostgresError(code: .decodingFailed, message: "the statement gave no row") }
        return row
    }
}
