import AsyncHTTPClient
import Foundation
import Logging
import MicrosoftIdentity
import StreamingXML
import WindowsTimeZones

/// An Exchange Web Services client for app-only (OAuth client-credentials) access to many
/// mailboxes: every call names the mailbox it impersonates.
///
/// Batch operations return one result per input, in input order: a failure of one item
/// (`ErrorItemNotFound`...) does not hide the others' success. A failure of the whole request
/// after retries fails every item of its batch with that error. Request-level errors of
/// single-shot operations are thrown as `EWSError`.
public struct ExchangeWebServicesClient: Sendable {
    public let configuration: EWSClientConfiguration
    let transport: EWSTransport

    /// - Parameters:
    ///   - httpClient: a shared, pooled client; its lifecycle belongs to the caller.
    ///   - sleeper: waits between retries; tests pass one that does not sleep.
    ///   - jitter: a number in 0..<1 for each retry's jitter.
    public init(
        configuration: EWSClientConfiguration, tokenProvider: any AccessTokenProvider, httpClient: HTTPClient = OutboundHTTPClient.shared,
        sleeper: any RetrySleeper = TaskRetrySleeper(), jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        logger: Logger = Logger(label: "ExchangeWebServices")
    ) {
        self.configuration = configuration
        transport = EWSTransport(
            configuration: configuration, httpClient: httpClient, tokenProvider: tokenProvider, sleeper: sleeper,
            jitter: jitter, logger: logger)
    }

    // MARK: Request plumbing

    func header(mailbox: String) throws -> SOAPRequestHeader {
        var zone: String?
        if let iana = configuration.timeZoneContext {
            zone = try ItemXMLWriter.windowsID(iana)
        }
        return SOAPRequestHeader(
            serverVersion: configuration.serverVersion, impersonatedMailbox: mailbox, timeZoneContext: zone,
            dateTimePrecision: configuration.dateTimePrecision)
    }

    /// Builds a request's bytes; exposed to tests so that every request can be schema-checked.
    func requestBody(mailbox: String, _ body: (inout XMLWriter) throws -> Void) throws -> [UInt8] {
        try SOAPRequestWriter.envelope(header: header(mailbox: mailbox), body: body)
    }

    func send<Element>(
        _ operation: String, mailbox: String, idempotent: Bool = true, body: [UInt8],
        convert: @escaping (XMLElementNode) throws -> Element?
    ) async throws -> [Result<ElementListDecoder<Element>.Payload, EWSError>] {
        try await transport.send(
            .init(operation: operation, mailbox: mailbox, isIdempotent: idempotent), body: body,
            decoder: { ElementListDecoder(convert) })
    }

    /// Sends `inputs` in batches and lines the per-message results up with the inputs.
    func batched<Input, Output>(
        _ inputs: [Input], operation: String, mailbox: String, idempotent: Bool,
        write: ([Input], inout XMLWriter) throws -> Void,
        convert: @escaping (XMLElementNode) throws -> Item?,
        output: (Input, ElementListDecoder<Item>.Payload) throws -> Output
    ) async -> [Result<Output, EWSError>] {
        var results: [Result<Output, EWSError>] = []
        results.reserveCapacity(inputs.count)
        var start = 0
        while start < inputs.count {
            let batch = Array(inputs[start..<min(start + configuration.batchSize, inputs.count)])
            start += batch.count
            do {
                let body = try requestBody(mailbox: mailbox) { try write(batch, &$0) }
                let messages = try await send(operation, mailbox: mailbox, idempotent: idempotent, body: body, convert: convert)
                guard messages.count == batch.count else {
                    throw EWSError(
                        kind: .malformedResponse,
                        message: "Exchange returned \(messages.count) response messages for \(batch.count) items.",
                        operation: operation, mailbox: mailbox)
                }
                for (input, message) in zip(batch, messages) {
                    switch message {
                    case .success(let payload):
                        do { results.append(.success(try output(input, payload))) } catch let error as EWSError {
                            results.append(.failure(error))
                        }
                    case .failure(let error):
                        results.append(.failure(error))
                    }
                }
            } catch {
                let failure = error as? EWSError
                    ?? EWSError(kind: .transport, message: "\(error)", operation: operation, mailbox: mailbox)
                results.append(contentsOf: batch.map { _ in .failure(failure) })
            }
        }
        return results
    }

    static func single<Payload>(_ results: [Result<Payload, EWSError>], operation: String, mailbox: String) throws -> Payload {
        guard let first = results.first else {
            throw EWSError(kind: .malformedResponse, message: "Exchange returned no response message.", operation: operation, mailbox: mailbox)
        }
        switch first {
        case .success(let payload): return payload
        case .failure(var error):
            error.operation = operation
            error.mailbox = mailbox
            throw error
        }
    }

    static func missingItem(_ operation: String, _ mailbox: String) -> EWSError {
        EWSError(kind: .malformedResponse, message: "The response message carried no item.", operation: operation, mailbox: mailbox)
    }
}
