/// Why `prextra-sync simulator` could not start; each case says what to fix.
enum SimulatorCommandError: Error, CustomStringConvertible {
    case seed(SimulatorSeedError)
    case invalidHost(String)
    case invalidPort(Int)
    case invalidLatency(Int)
    case cannotListen(host: String, port: Int, reason: String)
    case cannotRecord(path: String, reason: String)
    case cannotWriteConfiguration(path: String, reason: String)

    var description: String {
        switch self {
        case .seed(let error):
            "\(error.description) Fix the seed (format: docs/simulator.md, example: docs/simulator/seed.example.json)."
        case .invalidHost(let host):
            "--host \(host) is not supported: give an IPv4 address or host name, e.g. 127.0.0.1 (loopback) or 0.0.0.0 (every interface)."
        case .invalidPort(let port):
            "--port \(port) is out of range: give 1 to 65535, or 0 for any free port."
        case .invalidLatency(let latency):
            "--latency-ms \(latency) is out of range: give 0 to 60000 milliseconds."
        case .cannotListen(let host, let port, let reason):
            "cannot listen on \(host):\(port) (\(reason)). Is another simulator running there? Pick another --port, or 0 for any free port."
        case .cannotRecord(let path, let reason):
            "cannot record into \(path) (\(reason)). Give a directory you can write to."
        case .cannotWriteConfiguration(let path, let reason):
            "cannot write the configuration to \(path) (\(reason))."
        }
    }
}
