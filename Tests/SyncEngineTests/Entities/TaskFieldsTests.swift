import Foundation
import SyncEngine
import Testing

@Suite struct TaskFieldsTests {
    @Test func roundTripsThroughAFieldSet() throws {
        let task = TaskFields(
            subject: "Send the quote", body: "Version 2", status: .inProgress, startDate: LocalDate("2026-03-02"),
            dueDate: LocalDate("2026-03-06"), percentComplete: 40, importance: .high,
            reminderAt: Date(timeIntervalSince1970: 1_772_000_000.75), categories: ["Prextra"])
        #expect(try TaskFields(fields: task.fields) == task)
        #expect(task.fields["dueDate"] == .day("2026-03-06"))
        #expect(task.fields["reminderAt"] == .instant(Date(timeIntervalSince1970: 1_772_000_000)))
        #expect(task.fields["status"] == "InProgress")
    }

    @Test func completionKeepsStatusPercentageAndDateConsistent() throws {
        let done = TaskFields(subject: "x", status: .completed, completedDate: LocalDate("2026-03-05"), percentComplete: 30)
        #expect(done.percentComplete == 100)
        #expect(done.completedDate == LocalDate("2026-03-05"))
        let open = TaskFields(subject: "x", status: .notStarted, completedDate: LocalDate("2026-03-05"), percentComplete: 130)
        #expect(open.completedDate == nil)
        #expect(open.percentComplete == 100)
    }

    @Test func rejectsAnUnknownStatusAndABadDay() {
        #expect(throws: FieldSetDecodingError.self) { try TaskFields(fields: ["status": "Done"]) }
        #expect(throws: FieldSetDecodingError.self) { try TaskFields(fields: ["dueDate": .day("2026-02-30")]) }
    }

    @Test func localDatesParseAndCount() throws {
        let leap = try #require(LocalDate("2028-02-29"))
        #expect(leap.adding(days: 1).description == "2028-03-01")
        #expect(LocalDate("2027-02-29") == nil)
        #expect(LocalDate(dayNumber: 0).description == "1970-01-01")
        #expect(try #require(LocalDate("2026-11-24")).weekday == .tuesday)
        for number in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(LocalDate(dayNumber: number).dayNumber == number)
        }
    }
}
