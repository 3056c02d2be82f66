import Foundation

/// Turns the bytes of an appsettings-style JSON file into a `ConfigurationValue` tree.
///
/// Like .NET's JSON configuration provider it tolerates `//` and `/* */` comments and trailing
/// commas, which vendors' appsettings files often contain.
enum ConfigurationJSONReader {
    struct ReadFailure: Error {
        let detail: String
    }

    static func read(_ data: Data) throws(ReadFailure) -> ConfigurationValue {
        let cleaned = JSONCommentStripper.strip(data)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: cleaned, options: [.fragmentsAllowed])
        } catch {
            let nsError = error as NSError
            // Only the parser's position message: it names a character, never a whole value.
            let detail = (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? "the text is not valid JSON"
            throw ReadFailure(detail: detail)
        }
        return convert(object)
    }

    private static func convert(_ object: Any) -> ConfigurationValue {
        switch object {
        case let dictionary as [String: Any]:
            return .section(ConfigurationSection(entries: dictionary.map { .init(key: $0.key, value: convert($0.value)) }))
        case let array as [Any]:
            return .array(array.map(convert))
        case let string as String:
            return .scalar(string)
        case let number as NSNumber:
            // JSON booleans come back as NSNumber with the `c` (char) type; .NET reads them as "True"/"False".
            if String(cString: number.objCType) == "c" {
                return .scalar(number.boolValue ? "true" : "false")
            }
            return .scalar(number.stringValue)
        case is NSNull:
            return .null
        default:
            return .scalar(String(describing: object))
        }
    }
}
