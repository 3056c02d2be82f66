/// The version of an item (an EWS `ChangeKey` or a Graph `@odata.etag`): it changes on every modification.
///
/// The engine compares change keys only for equality: the key recorded for our own last write
/// identifies that write when it comes back through the change stream (no echo).
public struct ChangeKey: OpaqueIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}
