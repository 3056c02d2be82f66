import AsyncHTTPClient
import Foundation
import MicrosoftIdentity
import Logging
import Synchronization

@testable import ExchangeWebServices

/// Hands out numbered tokens that carry a canary, and counts forced refreshes.
final class CountingTokenProvider: AccessTokenProvider {
    static let canary = "CANARY-7f3a9c"
    private let state = Mutex<(issued: Int, forced: Int)>((0, 0))

    func accessToken(forceRefresh: Bool) async throws -> AccessToken {
        state.withLock { state in
            if forceRefresh || state.issued == 0 {
                state.issued += 1
                if forceRefresh { state.forced += 1 }
            }
        }
        let number = state.withLock { $0.issued }
        return AccessToken(value: "token-\(number)-\(Self.canary)", expiresOn: Date().addingTimeInterval(3600))
    }

    var forcedRefreshes: Int { state.withLock { $0.forced } }
}

/// Records the waits it is asked for and returns at once.
final class RecordingSleeper: RetrySleeper {
    private let waits = Mutex<[Duration]>([])
    func sleep(for duration: Duration) async throws { waits.withLock { $0.append(duration) } }
    var recorded: [Duration] { waits.withLock { $0 } }
}

enum TestClient {
    /// One pooled client for the whole test run, with the settings production uses.
    static let httpClient = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: ExchangeWebServicesClient.recommendedHTTPClientConfiguration)

    static func make(
        _ url: URL, tokens: CountingTokenProvider = CountingTokenProvider(), sleeper: RecordingSleeper = RecordingSleeper(),
        retryPolicy: RetryPolicy = .default, batchSize: Int = 100, logger: Logger = Logger(label: "test")
    ) -> ExchangeWebServicesClient {
        ExchangeWebServicesClient(
            configuration: EWSClientConfiguration(
                endpoint: url, timeZoneContext: "Europe/Paris", dateTimePrecision: .seconds, retryPolicy: retryPolicy,
                batchSize: batchSize),
            tokenProvider: tokens, httpClient: httpClient, sleeper: sleeper, jitter: { 0.5 }, logger: logger)
    }
}

enum Fixture {
    static func url(_ path: String) -> URL {
        Bundle.module.url(forResource: "Fixtures/\(path)", withExtension: nil)
            ?? Bundle.module.bundleURL.appendingPathComponent("Fixtures/\(path)")
    }

    static func data(_ path: String) throws -> Data { try Data(contentsOf: url(path)) }
    static func text(_ path: String) throws -> String { String(decoding: try data(path), as: UTF8.self) }

    static func files(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url(directory).path).sorted().map { "\(directory)/\($0)" }
    }
}

/// Response envelopes for the scripted server, in Exchange's shape.
enum ResponseEnvelope {
    static func envelope(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="utf-8"?>
        <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
        <s:Header><h:ServerVersionInfo MajorVersion="15" MinorVersion="20" MajorBuildNumber="7" MinorBuildNumber="1" \
        Version="V2018_01_08" xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types"/></s:Header>
        <s:Body>\(body)</s:Body></s:Envelope>
        """
    }

    /// `<m:{op}Response>` with the given messages' inner XML, all Success.
    static func success(_ operation: String, messages: [String]) -> String {
        let rendered = messages.map {
            "<m:\(operation)ResponseMessage ResponseClass=\"Success\"><m:ResponseCode>NoError</m:ResponseCode>\($0)</m:\(operation)ResponseMessage>"
        }.joined()
        return envelope(
            """
            <m:\(operation)Response xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" \
            xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><m:ResponseMessages>\(rendered)\
            </m:ResponseMessages></m:\(operation)Response>
            """)
    }

    static func error(_ operation: String, code: String, text: String = "failed", messageXml: String = "") -> String {
        envelope(
            """
            <m:\(operation)Response xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" \
            xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><m:ResponseMessages>\
            <m:\(operation)ResponseMessage ResponseClass="Error"><m:MessageText>\(text)</m:MessageText>\
            <m:ResponseCode>\(code)</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>\(messageXml)\
            </m:\(operation)ResponseMessage></m:ResponseMessages></m:\(operation)Response>
            """)
    }

    static func serverBusyFault(backOffMilliseconds: Int) -> String {
        envelope(
            """
            <s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorServerBusy</faultcode>\
            <faultstring xml:lang="en-US">The server cannot service this request right now. Try again later.</faultstring>\
            <detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorServerBusy</e:ResponseCode>\
            <e:Message xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">The server cannot service this request right now.</e:Message>\
            <t:MessageXml xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">\
            <t:Value Name="BackOffMilliseconds">\(backOffMilliseconds)</t:Value></t:MessageXml></detail></s:Fault>
            """)
    }

    static func itemID(_ id: String, changeKey: String = "CK1") -> String {
        "<t:ItemId Id=\"\(id)\" ChangeKey=\"\(changeKey)\"/>"
    }
}

/// Keeps every log line (message and metadata) written through it.
struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        capture.lines.withLock { $0.append("\(event.level) \(event.message) \(merged)") }
    }
}

final class LogCapture: Sendable {
    let lines = Mutex<[String]>([])
    var logger: Logger { Logger(label: "test") { _ in CapturingLogHandler(capture: self) } }
    var all: [String] { lines.withLock { $0 } }
}
