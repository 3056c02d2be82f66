/// An EWS `ResponseCode` (`ErrorServerBusy`, `ErrorItemNotFound`...). Codes this client does not
/// name are kept as received.
public struct EWSResponseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let noError = Self(rawValue: "NoError")
    public static let errorServerBusy = Self(rawValue: "ErrorServerBusy")
    public static let errorSchemaValidation = Self(rawValue: "ErrorSchemaValidation")
    public static let errorInvalidExchangeImpersonationHeaderData = Self(rawValue: "ErrorInvalidExchangeImpersonationHeaderData")
    public static let errorImpersonateUserDenied = Self(rawValue: "ErrorImpersonateUserDenied")
    public static let errorImpersonationFailed = Self(rawValue: "ErrorImpersonationFailed")
    public static let errorNonExistentMailbox = Self(rawValue: "ErrorNonExistentMailbox")
    public static let errorAccessDenied = Self(rawValue: "ErrorAccessDenied")
    public static let errorInvalidSyncStateData = Self(rawValue: "ErrorInvalidSyncStateData")
    public static let errorIrresolvableConflict = Self(rawValue: "ErrorIrresolvableConflict")
    public static let errorStaleObject = Self(rawValue: "ErrorStaleObject")
    public static let errorChangeKeyRequired = Self(rawValue: "ErrorChangeKeyRequired")
    public static let errorInvalidChangeKey = Self(rawValue: "ErrorInvalidChangeKey")
    public static let errorItemNotFound = Self(rawValue: "ErrorItemNotFound")
    public static let errorFolderNotFound = Self(rawValue: "ErrorFolderNotFound")
    public static let errorFolderExists = Self(rawValue: "ErrorFolderExists")
    public static let errorQuotaExceeded = Self(rawValue: "ErrorQuotaExceeded")
    public static let errorTooManyObjectsOpened = Self(rawValue: "ErrorTooManyObjectsOpened")
    public static let errorExceededConnectionCount = Self(rawValue: "ErrorExceededConnectionCount")
    public static let errorInternalServerError = Self(rawValue: "ErrorInternalServerError")
    public static let errorInternalServerTransientError = Self(rawValue: "ErrorInternalServerTransientError")
    public static let errorTimeoutExpired = Self(rawValue: "ErrorTimeoutExpired")
    public static let errorMailboxStoreUnavailable = Self(rawValue: "ErrorMailboxStoreUnavailable")
    public static let errorMailboxMoveInProgress = Self(rawValue: "ErrorMailboxMoveInProgress")
    public static let errorInvalidPropertyRequest = Self(rawValue: "ErrorInvalidPropertyRequest")
    public static let errorInvalidValueForProperty = Self(rawValue: "ErrorInvalidValueForProperty")
    public static let errorInvalidRequest = Self(rawValue: "ErrorInvalidRequest")
    public static let errorInvalidServerVersion = Self(rawValue: "ErrorInvalidServerVersion")
    public static let errorCalendarOccurrenceIsDeletedFromRecurrence = Self(rawValue: "ErrorCalendarOccurrenceIsDeletedFromRecurrence")
    public static let errorMissingEmailAddress = Self(rawValue: "ErrorMissingEmailAddress")

    /// The server is overloaded or throttling this client: try again later.
    public var isThrottling: Bool {
        [Self.errorServerBusy, .errorTooManyObjectsOpened, .errorExceededConnectionCount].contains(self)
    }

    /// A passing failure on the server side: the same request may succeed later.
    public var isTransient: Bool {
        isThrottling
            || [Self.errorInternalServerTransientError, .errorTimeoutExpired, .errorMailboxStoreUnavailable, .errorMailboxMoveInProgress]
                .contains(self)
    }
}
