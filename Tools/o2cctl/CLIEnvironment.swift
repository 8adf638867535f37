import Foundation
import Logging
import O2CAMQP
import O2CContracts
import O2CPostgres
import O2CRuntime

/// The settings o2cctl reads, from the same variables as the services.
enum CLIEnvironment {
    static let variables = ProcessInfo.processInfo.environment
    static let logger: Logger = {
        var logger = Logger(label: "o2cctl")
        logger.logLevel = .warning
        return logger
    }()

    static func required(_ name: String) throws(CLIError) -> String {
        guard let value = variables[name], !value.isEmpty else { throw CLIError(message: "\(name) is required but not set") }
        return value
    }

    /// A pool on `O2C_DATABASE_URL` with the search path on `schema` (or `O2C_DB_SCHEMA` when set).
    static func pool(schema: String) throws(CLIError) -> (pool: PostgresPool, schema: String) {
        let url = try required("O2C_DATABASE_URL")
        var configuration: PostgresConfiguration
        do { configuration = try PostgresConfiguration(url: url, applicationName: "o2cctl") } catch {
            throw CLIError(message: "O2C_DATABASE_URL is not a valid postgres:// URL: \(error)")
        }
        let schema = variables["O2C_DB_SCHEMA"].flatMap { $0.isEmpty ? nil : $0 } ?? schema
        configuration.searchPath = schema
        return (PostgresPool(configuration: configuration, size: 1, logger: logger), schema)
    }

    static func amqp() throws(CLIError) -> AMQPConfiguration {
        let url = try required("O2C_AMQP_URL")
        do { return try AMQPConfiguration(url: url, connectionName: "o2cctl") } catch {
            throw CLIError(message: "O2C_AMQP_URL is not a valid amqp:// URL: \(error)")
        }
    }

    static func authSecret() throws(CLIError) -> String {
        let secret = try required("O2C_AUTH_SECRET")
        guard secret.utf8.count >= 32 else { throw CLIError(message: "O2C_AUTH_SECRET must be at least 32 bytes long") }
        return secret
    }

    static func service(_ name: String?) throws(CLIError) -> ServiceName {
        let names = ServiceName.allCases.map(\.rawValue).joined(separator: ", ")
        guard let name else { throw .usage("--service is required (one of \(names))") }
        guard let service = ServiceName(rawValue: name) else { throw .usage("unknown service \"\(name)\" (one of \(names))") }
        return service
    }

    static var iso8601: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter
    }

    static func write(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
}
