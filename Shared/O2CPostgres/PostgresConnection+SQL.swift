extension PostgresConnection {
    /// Runs one statement built with ``SQL``: its placeholders bound to its values.
    @discardableResult
    package func query(_ sql: SQL) throws(PostgresError) -> PostgresResult {
        try query(sql.text, sql.binds)
    }
}

extension PostgresPool {
    /// ``query(_:_:)`` for a statement built with ``SQL``.
    @discardableResult
    package func query(_ sql: SQL) async throws -> PostgresResult {
        try await query(sql.text, sql.binds)
    }
}
