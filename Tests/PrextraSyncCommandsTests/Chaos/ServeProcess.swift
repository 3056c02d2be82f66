import AsyncHTTPClient
import ChildProcessSupport
import Foundation
import NIOCore

/// A real `prextra-sync serve` process, started on a configuration file and stopped either
/// gracefully (SIGTERM) or as a crash would (SIGKILL, `kill -9`).
final class ServeProcess: @unchecked Sendable {
    let process: Process
    let baseURL: String
    let logURL: URL

    private init(process: Process, baseURL: String, logURL: URL) {
        self.process = process
        self.baseURL = baseURL
        self.logURL = logURL
    }

    /// Starts `serve --config` and returns once its API answers `/healthz`.
    static func start(executable: URL, config: String, port: Int, log: URL, environment: [String: String] = [:]) async throws -> ServeProcess {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["serve", "--config", config]
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
        }
        if !FileManager.default.fileExists(atPath: log.path) {
            FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let serve = ServeProcess(process: process, baseURL: "http://127.0.0.1:\(port)", logURL: log)
        for _ in 0..<400 {
            if !process.isRunning { break }
            if (try? await serve.request("GET", "/healthz", key: nil).status) == 200 { return serve }
            try await Task.sleep(for: .milliseconds(25))
        }
        serve.kill()
        await ChildProcess.exit(of: process)
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        throw ServeProcessError(message: "serve did not start; its output:\n\(output.suffix(4000))")
    }

    /// `kill -9`: no shutdown handler runs, leases and open work stay as they are.
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    func killAndWait() async {
        kill()
        await ChildProcess.exit(of: process)
    }

    /// Graceful shutdown: running cycles commit, then the process exits.
    func stop() async {
        if process.isRunning { process.terminate() }
        await ChildProcess.exit(of: process)
    }

    struct Answer {
        var status: Int
        var body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    func request(_ method: String, _ path: String, key: String?, body: String? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .init(rawValue: method)
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let buffer = try await response.body.collect(upTo: 8 * 1024 * 1024)
        return Answer(status: Int(response.status.code), body: Data(buffer.readableBytesView))
    }

    /// A TCP port on 127.0.0.1 that nothing listens on right now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServeProcessError(message: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw ServeProcessError(message: "bind() failed") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw ServeProcessError(message: "getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct ServeProcessError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
