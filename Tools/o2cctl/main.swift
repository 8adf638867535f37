import Foundation

// o2cctl: the operators' command line for a running suite. Configuration comes from the same
// environment variables as the services (O2C_DATABASE_URL, O2C_AMQP_URL, O2C_AUTH_SECRET); a missing or
// bad one is refused with one line. See docs/OPERATIONS.md.
let usage = """
    usage: o2cctl <command> ...
      stuck --service orders|after-sales [--now ISO8601] [--grace SECONDS]   sagas past a deadline
      timeline <sagaId> [--type order-to-cash|return] [--service orders|after-sales]
      parked list <service>                     messages waiting in <service>.parked
      parked inspect <service> <n>              the n-th parked message (1-based): headers and body
      parked replay <service> --all|--message-id ID
                                                republish to the original exchange and key, then remove
      token --role ROLE[,ROLE...] [--subject NAME] [--ttl SECONDS]
      migrate --service <name>                  apply that service's migrations
      topology                                  RabbitMQ definitions JSON of the five services
    environment: O2C_DATABASE_URL (stuck, timeline, migrate), O2C_AMQP_URL (parked),
                 O2C_AUTH_SECRET (token), O2C_DB_SCHEMA (optional schema override)

    """

func run() async throws {
    var arguments = Arguments(Array(CommandLine.arguments.dropFirst()))
    switch arguments.next() {
    case "stuck": try await SagaCommands.stuck(&arguments)
    case "timeline": try await SagaCommands.timeline(&arguments)
    case "parked": try await ParkedCommands.run(&arguments)
    case "token": try await AdminCommands.token(&arguments)
    case "migrate": try await AdminCommands.migrate(&arguments)
    case "topology": try AdminCommands.topology(&arguments)
    case "help", "--help", "-h":
        print(usage, terminator: "")
    default:
        FileHandle.standardError.write(Data(usage.utf8))
        exit(2)
    }
}

do {
    try await run()
} catch let error as CLIError {
    FileHandle.standardError.write(Data("o2cctl: \(error.message)\n".utf8))
    exit(error.usage ? 2 : 1)
} catch {
    FileHandle.standardError.write(Data("o2cctl: \(error)\n".utf8))
    exit(1)
}
