import Foundation
import NIOCore

/// JSON in and out. Answers are decoded page by page with Foundation's `JSONDecoder`
/// (measured against `JSONSerialization` + hand mapping; see docs/graph.md); any failure becomes a
/// `.malformedResponse` naming the operation, and nothing of the page is used.
enum GraphJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func decode<T: Decodable>(_ type: T.Type, from response: GraphResponse, operation: String, mailbox: String?) throws -> T {
        try decode(type, from: Data(response.body.readableBytesView), operation: operation, mailbox: mailbox,
                   requestID: response.headers.first(name: "request-id"))
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data, operation: String, mailbox: String?, requestID: String? = nil) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw GraphError(
                kind: .malformedResponse, operation: operation, mailbox: mailbox,
                message: "The answer is not a valid \(operation) response: \(describe(error))", requestID: requestID)
        }
    }

    /// A short description of a decoding failure: what and where, never the data.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(String(describing: error).prefix(200)) }
        func path(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "the top level" : path
        }
        switch error {
        case .typeMismatch(let type, let context): return "wrong type at \(path(context)) (expected \(type))."
        case .valueNotFound(let type, let context): return "null at \(path(context)) (expected \(type))."
        case .keyNotFound(let key, let context): return "missing \(key.stringValue) at \(path(context))."
        case .dataCorrupted(let context): return "invalid JSON or value at \(path(context)): \(context.debugDescription.prefix(120))."
        @unknown default: return "undecodable."
        }
    }
}
