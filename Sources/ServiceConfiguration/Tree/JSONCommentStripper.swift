import Foundation

/// Removes `//` and `/* */` comments and trailing commas from JSON text, outside of strings.
///
/// Comments are replaced by spaces (newlines kept) so that the parser's line and column
/// numbers still point at the right place in the operator's file.
enum JSONCommentStripper {
    static func strip(_ data: Data) -> Data {
        let bytes = [UInt8](data)
        var withoutComments = [UInt8]()
        withoutComments.reserveCapacity(bytes.count)
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), slash = UInt8(ascii: "/")
        let star = UInt8(ascii: "*"), newline = UInt8(ascii: "\n"), space = UInt8(ascii: " ")

        var index = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                withoutComments.append(byte)
                if byte == backslash, index + 1 < bytes.count {
                    withoutComments.append(bytes[index + 1])
                    index += 2
                    continue
                }
                if byte == quote { inString = false }
                index += 1
                continue
            }
            if byte == quote {
                inString = true
                withoutComments.append(byte)
                index += 1
            } else if byte == slash, index + 1 < bytes.count, bytes[index + 1] == slash {
                while index < bytes.count, bytes[index] != newline {
                    withoutComments.append(space)
                    index += 1
                }
            } else if byte == slash, index + 1 < bytes.count, bytes[index + 1] == star {
                withoutComments.append(contentsOf: [space, space])
                index += 2
                while index < bytes.count, !(bytes[index] == star && index + 1 < bytes.count && bytes[index + 1] == slash) {
                    withoutComments.append(bytes[index] == newline ? newline : space)
                    index += 1
                }
                if index < bytes.count {
                    withoutComments.append(contentsOf: [space, space])
                    index += 2
                }
            } else {
                withoutComments.append(byte)
                index += 1
            }
        }
        return Data(removingTrailingCommas(withoutComments))
    }

    private static func removingTrailingCommas(_ bytes: [UInt8]) -> [UInt8] {
        var output = bytes
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), comma = UInt8(ascii: ",")
        let closers: Set<UInt8> = [UInt8(ascii: "}"), UInt8(ascii: "]")]
        let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        var inString = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == backslash { index += 2; continue }
                if byte == quote { inString = false }
            } else if byte == quote {
                inString = true
            } else if byte == comma {
                var next = index + 1
                while next < bytes.count, whitespace.contains(bytes[next]) { next += 1 }
                if next < bytes.count, closers.contains(bytes[next]) { output[index] = 0x20 }
            }
            index += 1
        }
        return output
    }
}
