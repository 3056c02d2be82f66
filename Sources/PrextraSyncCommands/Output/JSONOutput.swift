import Foundation

/// The JSON every `--json` output uses: pretty-printed, keys sorted (stable for diffs and
/// tests), slashes unescaped, dates in ISO 8601.
public enum JSONOutput {
    public static func render<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
