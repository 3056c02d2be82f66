/// Shape checks for identifiers written in the configuration.
public enum IdentifierFormat {
    /// `8-4-4-4-12` hexadecimal digits, the form Entra ID shows (no braces).
    public static func isGUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12] else { return false }
        return groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    public static func isNilGUID(_ text: String) -> Bool {
        isGUID(text) && text.allSatisfy { $0 == "0" || $0 == "-" }
    }

    /// A DNS name with at least two labels and an alphabetic top-level label, e.g. `contoso.onmicrosoft.com`.
    public static func isDomainName(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, text.count <= 253 else { return false }
        for label in labels {
            guard (1...63).contains(label.count),
                  label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }),
                  label.first != "-", label.last != "-"
            else { return false }
        }
        return labels.last!.allSatisfy { $0.isASCII && $0.isLetter } && labels.last!.count >= 2
    }

    /// A plain SMTP address `local@domain.tld`, as Exchange's primary SMTP addresses are.
    public static func isSMTPAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let allowedLocal = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-")
        guard parts[0].allSatisfy({ allowedLocal.contains($0) }),
              parts[0].first != ".", parts[0].last != ".", !parts[0].contains("..")
        else { return false }
        return isDomainName(String(parts[1]))
    }

    /// Letters, digits, `.`, `_` and `-`: a name that goes into URL paths without escaping.
    public static func isURLSafeName(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }
}
