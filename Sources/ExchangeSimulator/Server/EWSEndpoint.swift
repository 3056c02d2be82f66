import Foundation
import Logging

/// `POST /EWS/Exchange.asmx`: checks a request in the order Exchange Online does (bearer
/// token, role, impersonation header, impersonated mailbox, schema), applies faults and
/// throttling, then runs the operation.
public struct EWSEndpoint: Sendable {
    public static let path = "/EWS/Exchange.asmx"
    static let requiredRole = "full_access_as_app"

    let exchange: SimulatedExchange
    let tokenValidator: any AppTokenValidating
    let validator: EWSSchemaValidator
    let recorder: RequestRecorder?
    /// Validate every response against the schema too, answering a fault if one is invalid
    /// (tests turn this on: the simulator must never emit what Exchange would not).
    let validatesResponses: Bool
    let requiresAnchorMailbox: Bool
    let logger: Logger

    static let operations: [String: any EWSOperation] = {
        let all: [any EWSOperation] = [
            CreateItemOperation(), GetItemOperation(), SyncFolderItemsOperation(), UpdateItemOperation(), DeleteItemOperation(),
            MoveItemOperation(), FindItemOperation(), GetFolderOperation(), FindFolderOperation(), CreateFolderOperation(),
            SubscribeOperation(), UnsubscribeOperation(),
        ]
        return Dictionary(uniqueKeysWithValues: all.map { (type(of: $0).name, $0) })
    }()

    func handle(authorization: String?, anchorMailbox: String?, body: Data) async -> EWSHTTPResponse {
        let response = await process(authorization: authorization, anchorMailbox: anchorMailbox, body: body)
        recorder?.record(operation: response.operation, request: body, response: response)
        exchange.record(
            EWSRequestRecord(
                operation: response.operation, tenantId: response.tenantId, mailbox: response.mailbox,
                httpStatus: response.dropsConnection ? 0 : response.status, responseCode: response.responseCode, receivedAt: Date()))
        return response
    }

    private func process(authorization: String?, anchorMailbox: String?, body: Data) async -> EWSHTTPResponse {
        // 1. Bearer token and role: HTTP 401 with an empty body, like Exchange Online.
        guard let authorization, authorization.lowercased().hasPrefix("bearer "), authorization.count > 7 else {
            return unauthorized("no bearer token", operation: "unknown")
        }
        let claims: AppTokenClaims
        do {
            claims = try tokenValidator.validate(bearerToken: String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        } catch {
            return unauthorized(error.reason, operation: "unknown")
        }
        // Exchange Online after 2026-10-01: a tenant with an EWSAllowedAppIDs list refuses other
        // apps with HTTP 403 and an empty body (a policy block; see docs/graph.md for the sources).
        if let tenant = exchange.tenants.first(where: { $0.id.lowercased() == claims.tenantId.lowercased() }),
            !tenant.allowsEWS(appId: claims.appId)
        {
            return EWSHTTPResponse(status: 403, headers: [], body: "", operation: "unknown", responseCode: "HTTP403")
        }
        guard claims.roles.contains(Self.requiredRole) else {
            var response = unauthorized("The token contains no permissions, or permissions can not be understood.", operation: "unknown")
            response.headers.append(
                ("x-ms-diagnostics", "2000008;reason=\"The token contains no permissions, or permissions can not be understood.\";error_category=\"invalid_grant\""))
            return response
        }

        // 2. The envelope.
        let envelope: XMLElementNode
        do {
            envelope = try XMLTreeParser.parse(body)
        } catch {
            return .fault(
                schemaError("The request failed schema validation: \(error.message)", line: error.line, column: error.column),
                operation: "unknown")
        }
        guard envelope.namespace == EWSNamespace.soap, envelope.name == "Envelope",
            let bodyElement = envelope.children.first(where: { $0.name == "Body" && $0.namespace == EWSNamespace.soap }),
            let operationElement = bodyElement.children.first
        else {
            return .fault(
                schemaError(
                    "The request failed schema validation: the root element must be a SOAP 1.1 Envelope (\(EWSNamespace.soap)) with a Body.",
                    line: envelope.line, column: 0), operation: "unknown")
        }
        let operationName = operationElement.name
        let header = envelope.children.first { $0.name == "Header" && $0.namespace == EWSNamespace.soap }

        // 3. Impersonation: required for app-only tokens.
        guard let impersonation = header?.children.first(where: { $0.name == "ExchangeImpersonation" && $0.namespace == EWSNamespace.types })
        else {
            return .fault(
                EWSError(
                    "ErrorInvalidExchangeImpersonationHeaderData",
                    "ExchangeImpersonation SOAP header must be present for this type of OAuth token."), operation: operationName)
        }
        let sid = impersonation.child("ConnectingSID")
        guard
            let address = (sid?.child("PrimarySmtpAddress") ?? sid?.child("SmtpAddress") ?? sid?.child("PrincipalName"))?.text
                .trimmingCharacters(in: .whitespacesAndNewlines), !address.isEmpty
        else {
            return .fault(
                EWSError(
                    "ErrorInvalidExchangeImpersonationHeaderData",
                    "The impersonation header must name the mailbox by PrimarySmtpAddress, SmtpAddress or PrincipalName (SID is not supported by the simulator)."),
                operation: operationName)
        }
        guard let mailbox = exchange.mailbox(address) else {
            return .fault(
                EWSError(
                    "ErrorNonExistentMailbox", "The SMTP address has no mailbox associated with it.",
                    messageXml: EWSError.values([("SmtpAddress", address)])), operation: operationName)
        }
        guard mailbox.tenantId == claims.tenantId.lowercased() else {
            return .fault(
                EWSError("ErrorImpersonateUserDenied", "The account does not have permission to impersonate the requested user."),
                operation: operationName)
        }
        if requiresAnchorMailbox, !anchorAccepted(anchorMailbox, impersonating: address, operation: operationName, tenantId: mailbox.tenantId) {
            return .fault(
                EWSError(
                    "ErrorInvalidRequest",
                    "X-AnchorMailbox must be set to the SMTP address of the impersonated mailbox when using impersonation."),
                operation: operationName)
        }

        var response = await admitAndRun(
            body: body, operationElement: operationElement, header: header, claims: claims, address: address, mailbox: mailbox)
        response.tenantId = claims.tenantId
        response.mailbox = address.lowercased()
        return response
    }

    /// Operations on notification subscriptions, whose `X-AnchorMailbox` names the group's anchor
    /// mailbox rather than the impersonated one (Microsoft, "Maintain affinity between a group
    /// of subscriptions and the Mailbox server": up to 200 mailboxes share one anchor).
    static let subscriptionOperations: Set<String> = [SubscribeOperation.name, GetStreamingEventsOperation.name, UnsubscribeOperation.name]

    private func anchorAccepted(_ anchor: String?, impersonating address: String, operation: String, tenantId: String) -> Bool {
        guard let anchor = anchor?.trimmingCharacters(in: .whitespaces).lowercased(), !anchor.isEmpty else { return false }
        if anchor == address.lowercased() { return true }
        guard Self.subscriptionOperations.contains(operation) else { return false }
        return exchange.mailbox(anchor)?.tenantId == tenantId
    }

    private func admitAndRun(
        body: Data, operationElement: XMLElementNode, header: XMLElementNode?, claims: AppTokenClaims, address: String,
        mailbox: SimulatedMailbox
    ) async -> EWSHTTPResponse {
        let operationName = operationElement.name
        // 4. Schema.
        let violations = validator.violations(in: body)
        if let first = violations.first {
            return .fault(
                schemaError("The request failed schema validation: \(first.message)", line: first.line, column: first.column),
                operation: operationName)
        }

        // 5. Throttling and injected faults.
        let decision = exchange.faults.admit(tenantId: claims.tenantId, appId: claims.appId, mailbox: address)
        switch decision {
        case .fault(let fault, let backOff):
            switch fault {
            case .serviceUnavailable:
                return EWSHTTPResponse(status: 503, headers: [("Retry-After", "1")], body: "", operation: operationName, responseCode: "HTTP503")
            case .dropConnection:
                return EWSHTTPResponse(status: 0, headers: [], body: "", dropsConnection: true, operation: operationName, responseCode: "Dropped")
            case .serverBusy, .throttled:
                return .fault(serverBusy(backOff), operation: operationName)
            case .tooManyObjectsOpened:
                return .fault(tooManyObjects(backOff, limit: 0, policy: "MaxConcurrency"), operation: operationName)
            case .internalServerError:
                return .fault(EWSError("ErrorInternalServerError", "An internal server error occurred. The operation failed."), operation: operationName)
            }
        case .throttled(let code, let backOff, let limit, let policy):
            if code == "ErrorTooManyObjectsOpened" {
                return .fault(tooManyObjects(backOff, limit: limit, policy: policy), operation: operationName)
            }
            var error = serverBusy(backOff)
            error.messageXml += EWSError.values([("Policy", policy), ("MaxConcurrencyLimit", String(limit))])
            return .fault(error, operation: operationName)
        case .proceed(let latency):
            defer { exchange.faults.finish(tenantId: claims.tenantId, appId: claims.appId, mailbox: address) }
            if latency > 0 { try? await Task.sleep(for: .milliseconds(latency)) }
            return run(operationElement, header: header, mailbox: mailbox, appId: claims.appId)
        }
    }

    private func run(_ operationElement: XMLElementNode, header: XMLElementNode?, mailbox: SimulatedMailbox, appId: String) -> EWSHTTPResponse {
        let name = operationElement.name
        if name == GetStreamingEventsOperation.name {
            var context = OperationContext(mailbox: mailbox, exchange: exchange, timeZoneContext: .gmt, now: Date())
            context.appId = appId
            let validator = self.validator
            let checks = validatesResponses
            let logger = self.logger
            return GetStreamingEventsOperation().open(operationElement, in: context) { envelope in
                guard checks else { return [] }
                let violations = validator.violations(in: Data(envelope.utf8)).map(\.description)
                if !violations.isEmpty { logger.error("simulator produced a schema-invalid GetStreamingEvents envelope: \(violations)") }
                return violations
            }
        }
        guard let operation = Self.operations[name] else {
            return .fault(EWSError("ErrorInvalidRequest", "The simulator does not implement the \(name) operation."), operation: name)
        }
        var zone = TimeZone.gmt
        if let id = header?.child("TimeZoneContext")?.child("TimeZoneDefinition")?[attribute: "Id"] {
            guard let resolved = TimeZoneResolution.timeZone(windowsId: id) else {
                return .fault(EWSError("ErrorTimeZone", "The time zone '\(id)' in TimeZoneContext is not valid."), operation: name)
            }
            zone = resolved
        }
        var context = OperationContext(mailbox: mailbox, exchange: exchange, timeZoneContext: zone, now: Date())
        context.appId = appId
        let responseElement: XMLElementNode
        do {
            responseElement = try operation.respond(to: operationElement, in: context)
        } catch {
            return .fault(error, operation: name)
        }
        let body = SOAPEnvelope.response(body: responseElement)
        if validatesResponses {
            let violations = validator.violations(in: Data(body.utf8), acceptingForbiddenCharacterReferences: true)
            if !violations.isEmpty {
                logger.error("simulator produced a schema-invalid \(name) response: \(violations)")
                return .fault(
                    EWSError(
                        "ErrorInternalServerError",
                        "The simulator produced a response that fails schema validation: \(violations.map(\.description).joined(separator: "; "))"),
                    operation: name)
            }
        }
        return .xml(body, operation: name, code: ResponseMessage.firstCode(in: responseElement))
    }

    private func unauthorized(_ reason: String, operation: String) -> EWSHTTPResponse {
        let challenge =
            "Bearer client_id=\"00000002-0000-0ff1-ce00-000000000000\", token_types=\"app_asserted_user_v1 service_asserted_app_v1\", error=\"invalid_token\""
        _ = reason  // never echoed: it could help an attacker and is not what Exchange sends
        return EWSHTTPResponse(status: 401, headers: [("WWW-Authenticate", challenge)], body: "", operation: operation, responseCode: "HTTP401")
    }

    private func schemaError(_ message: String, line: Int, column: Int) -> EWSError {
        EWSError(
            "ErrorSchemaValidation", message,
            messageXml: [.t("LineNumber", String(line)), .t("LinePosition", String(column)), .t("Violation", message)])
    }

    private func serverBusy(_ backOff: Int) -> EWSError {
        EWSError(
            "ErrorServerBusy", "The server cannot service this request right now. Try again later.",
            messageXml: EWSError.values([("BackOffMilliseconds", String(backOff))]))
    }

    private func tooManyObjects(_ backOff: Int, limit: Int, policy: String) -> EWSError {
        EWSError(
            "ErrorTooManyObjectsOpened", "Too many concurrent connections opened.",
            messageXml: EWSError.values([("BackOffMilliseconds", String(backOff)), ("Policy", policy), ("MaxConcurrencyLimit", String(limit))]))
    }
}
