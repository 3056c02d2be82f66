extension EWSRequestRecord {
    /// An operation as a reader counts it: EWS operations as they are, Graph ones with the user
    /// and the ids of their path replaced (`Graph GET /users/{user}/contacts/{id}`), so that a
    /// thousand mailboxes' requests add up to one line each.
    public static func shape(of operation: String) -> String {
        guard operation.hasPrefix("Graph ") else { return operation }
        var words = operation.split(separator: " ").map(String.init)
        guard let path = words.popLast() else { return operation }
        let parts = path.split(separator: "/")
        let segments = parts.enumerated().map { index, segment -> String in
            if index > 0, parts[index - 1] == "users" { return "{user}" }
            return segment.count > 24 ? "{id}" : String(segment)
        }
        return (words + ["/" + segments.joined(separator: "/")]).joined(separator: " ")
    }
}
