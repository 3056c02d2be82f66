import Foundation
import Hummingbird
import SyncEngine

/// Reading and checking what a request carries: path parameters, query parameters, the body.
/// Every failure is a problem naming the parameter.
enum RequestInput {
    /// A path parameter, percent-decoded.
    static func pathParameter(_ name: String, in context: APIRequestContext) throws(APIProblem) -> String {
        guard let raw = context.parameters.get(name), let decoded = raw.removingPercentEncoding else {
            throw .invalid(name, "must be percent-encoded UTF-8.")
        }
        return decoded
    }

    /// A record id: 1 to 256 characters, no control characters.
    static func recordID(in context: APIRequestContext) throws(APIProblem) -> RecordID {
        let id = try pathParameter("id", in: context)
        guard !id.isEmpty, id.count <= 256 else { throw .invalid("id", "must have 1 to 256 characters.") }
        guard !id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalid("id", "must not contain control characters.")
        }
        return RecordID(id)
    }

    /// A mailbox address (`local@domain`), from the path or a query parameter.
    static func mailboxAddress(_ text: String, field: String) throws(APIProblem) -> MailboxAddress {
        guard isMailboxAddress(text) else {
            throw .invalid(field, "must be a mailbox's primary SMTP address, such as jane.doe@contoso.com.")
        }
        return MailboxAddress(text)
    }

    static func isMailboxAddress(_ text: String) -> Bool {
        guard text.utf8.count <= 254 else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64, !parts[1].isEmpty else { return false }
        let domain = parts[1]
        guard domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..") else { return false }
        return !text.unicodeScalars.contains { scalar in
            scalar.properties.isWhitespace || scalar.properties.generalCategory == .control || "<>()[],;:\\\"/".unicodeScalars.contains(scalar)
        }
    }

    static func query(_ name: String, in request: Request) -> String? {
        request.uri.queryParameters[name[...]].map(String.init)
    }

    /// An optional integer query parameter within `range`.
    static func integer(_ name: String, in request: Request, range: ClosedRange<Int64>) throws(APIProblem) -> Int64? {
        guard let text = query(name, in: request) else { return nil }
        guard let value = Int64(text), range.contains(value) else {
            throw .invalid(name, "must be an integer from \(range.lowerBound) to \(range.upperBound).")
        }
        return value
    }

    static func entity(_ name: String, in request: Request) throws(APIProblem) -> EntityKind? {
        guard let text = query(name, in: request) else { return nil }
        guard let kind = EntityKind(rawValue: text) else {
            throw .invalid(name, "must be contact, appointment or task.")
        }
        return kind
    }

    /// The body as JSON, at most `maxBytes` long.
    static func jsonBody(_ request: Request, maxBytes: Int) async throws -> JSONValue {
        var request = request
        let buffer = try await request.collectBody(upTo: maxBytes)
        guard buffer.readableBytes > 0 else { throw APIProblem.invalid("body", "is empty; send a JSON object.") }
        guard let value = APIJSON.decodeValue(Data(buffer.readableBytesView)) else {
            throw APIProblem.invalid("body", "is not valid JSON.")
        }
        return value
    }
}
