import Foundation

/// An occurrence of a series that was changed: identified by its original start, with what changed.
public struct OccurrenceChange: Codable, Sendable, Hashable {
    /// The start the occurrence would have had (EWS `OriginalStart`).
    public var originalStart: Date
    public var start: Date?
    public var end: Date?
    public var subject: String?
    public var location: String?
    public var body: String?

    public init(
        originalStart: Date, start: Date? = nil, end: Date? = nil, subject: String? = nil, location: String? = nil,
        body: String? = nil
    ) {
        self.originalStart = TextNormalization.instant(originalStart)
        self.start = start.map(TextNormalization.instant)
        self.end = end.map(TextNormalization.instant)
        self.subject = TextNormalization.trimmed(subject)
        self.location = TextNormalization.trimmed(location)
        self.body = TextNormalization.trimmed(body)
    }

    var fieldValue: FieldValue? {
        var writer = FieldWriter()
        writer.set("originalStart", instant: originalStart)
        writer.set("start", instant: start)
        writer.set("end", instant: end)
        writer.set("subject", text: subject)
        writer.set("location", text: location)
        writer.set("body", text: body)
        return writer.map
    }

    init(reading reader: FieldReader) throws(FieldSetDecodingError) {
        guard let originalStart = try reader.instant("originalStart") else {
            throw reader.failure("originalStart", "an instant")
        }
        self.init(
            originalStart: originalStart, start: try reader.instant("start"), end: try reader.instant("end"),
            subject: try reader.text("subject"), location: try reader.text("location"), body: try reader.text("body"))
    }
}
