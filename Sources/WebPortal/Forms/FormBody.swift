import Foundation
import Hummingbird

/// The fields of a posted form (`application/x-www-form-urlencoded`), read up to a limit: a
/// larger body is refused before it is parsed.
struct FormBody: Sendable {
    let fields: [String: String]

    /// Forms hold a few short fields; 16 KiB leaves room for a long secret and nothing else.
    static let maximumBytes = 16 * 1024

    enum Failure: Error {
        case tooLarge
        case notAForm
    }

    static func read(_ request: Request, maximumBytes: Int = maximumBytes) async throws(Failure) -> FormBody {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else { throw .notAForm }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maximumBytes { throw .tooLarge }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBytes)
        } catch {
            throw .tooLarge
        }
        return FormBody(encoded: String(buffer: buffer))
    }

    init(encoded: String) {
        var fields: [String: String] = [:]
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), fields[name] == nil else { continue }
            fields[name] = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
        }
        self.fields = fields
    }

    init(fields: [String: String]) { self.fields = fields }

    subscript(_ name: String) -> String? { fields[name] }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
