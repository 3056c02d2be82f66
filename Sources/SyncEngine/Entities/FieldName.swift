/// The stable field names of the typed models in a `FieldSet`. They are persisted (bases, change
/// feeds), so they never change.
public enum FieldName {
    // Shared
    public static let subject = "subject"
    public static let body = "body"
    public static let categories = "categories"

    // Contact
    public static let givenName = "givenName"
    public static let middleName = "middleName"
    public static let surname = "surname"
    public static let displayName = "displayName"
    public static let companyName = "companyName"
    public static let jobTitle = "jobTitle"
    public static let department = "department"
    public static let emailAddresses = ["email1", "email2", "email3"]
    public static let phones = "phones"
    public static let addresses = "addresses"
    public static let notes = "notes"

    // Appointment
    public static let location = "location"
    public static let start = "start"
    public static let end = "end"
    public static let startTimeZone = "startTimeZone"
    public static let endTimeZone = "endTimeZone"
    public static let isAllDay = "isAllDay"
    public static let attendees = "attendees"
    public static let showAs = "showAs"
    public static let reminderMinutesBeforeStart = "reminderMinutesBeforeStart"
    public static let recurrence = "recurrence"
    public static let modifiedOccurrences = "modifiedOccurrences"
    public static let deletedOccurrences = "deletedOccurrences"

    // Task
    public static let status = "status"
    public static let startDate = "startDate"
    public static let dueDate = "dueDate"
    public static let completedDate = "completedDate"
    public static let percentComplete = "percentComplete"
    public static let importance = "importance"
    public static let reminderAt = "reminderAt"
}
