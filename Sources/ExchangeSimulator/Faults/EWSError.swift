/// An EWS error code with its message and optional `MessageXml` content.
///
/// Thrown by operations for one item of a batch (it becomes an `Error` response message with
/// HTTP 200), or raised by the request pipeline as a SOAP fault (HTTP 500).
public struct EWSError: Error, Sendable, Hashable {
    public var code: String
    public var message: String
    public var messageXml: [XMLElementNode]

    public init(_ code: String, _ message: String, messageXml: [XMLElementNode] = []) {
        self.code = code
        self.message = message
        self.messageXml = messageXml
    }

    /// The mailbox is over its storage quota.
    static let quotaExceeded = EWSError("ErrorQuotaExceeded", "The mailbox has exceeded its size quota.")

    /// `<t:Value Name="...">...</t:Value>` entries, as Exchange puts in MessageXml.
    static func values(_ pairs: [(String, String)]) -> [XMLElementNode] {
        pairs.map { .t("Value", $0.1, attributes: ["Name": $0.0]) }
    }

    // Errors Exchange returns, with its wording where it is public.
    static func itemNotFound() -> EWSError {
        EWSError("ErrorItemNotFound", "The specified object was not found in the store., The process failed to get the correct properties.")
    }
    static func folderNotFound() -> EWSError {
        EWSError("ErrorFolderNotFound", "The specified folder could not be found in the store.")
    }
    static func malformedId() -> EWSError {
        EWSError("ErrorInvalidIdMalformed", "Id is malformed.")
    }
    static func invalidSyncState() -> EWSError {
        EWSError("ErrorInvalidSyncStateData", "Synchronization state data is corrupt or otherwise invalid.")
    }
    static func irresolvableConflict() -> EWSError {
        EWSError(
            "ErrorIrresolvableConflict",
            "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item."
        )
    }
    static func changeKeyRequired() -> EWSError {
        EWSError("ErrorChangeKeyRequired", "When making a request that requires a change key, you must provide it.")
    }
    static func invalidChangeKey() -> EWSError {
        EWSError("ErrorInvalidChangeKey", "The change key is invalid.")
    }
    static func invalidPropertySet(_ field: String) -> EWSError {
        EWSError("ErrorInvalidPropertySet", "The property '\(field)' is read-only and cannot be set.")
    }
    static func invalidPropertyRequest(_ field: String) -> EWSError {
        EWSError("ErrorInvalidPropertyRequest", "The property '\(field)' is not valid for this object type.")
    }
    static func incorrectUpdatePropertyCount() -> EWSError {
        EWSError("ErrorIncorrectUpdatePropertyCount", "An object within a change description must contain one and only one property to modify.")
    }
}
