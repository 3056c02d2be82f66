import SyncEngine
import SyncStore

/// The CRM's tasks: quotes to send and follow-ups, a couple per employee.
enum DemoTasks {
    static func make(
        week: LocalDate, employees: [DemoEmployee], contacts: [DemoRecord], tasksPerEmployee: Int, random: inout DemoRandom
    ) -> (records: [DemoRecord], taskDeletedInOutlook: RecordKey) {
        var records: [DemoRecord] = []
        var next = 30_001
        for employee in employees {
            for index in 0..<tasksPerEmployee {
                let contact = try? ContactFields(fields: random.pick(contacts).fields)
                let company = contact?.companyName ?? "a customer"
                let due = week.adding(days: random.int(1...13))
                let task: TaskFields
                switch index % 3 {
                case 0:
                    task = TaskFields(
                        subject: "Send quote to \(company)", body: "Include the service contract option.", status: .notStarted,
                        dueDate: due, importance: random.chance(30) ? .high : .normal,
                        reminderAt: DemoWallClock.instant(due, hour: 9, in: employee.office.timeZone))
                case 1:
                    task = TaskFields(
                        subject: "Follow up with \(contact?.displayName ?? "the customer")", status: .inProgress,
                        startDate: week, dueDate: due, percentComplete: 50)
                default:
                    task = TaskFields(subject: "Update the forecast for \(company)", status: .notStarted, dueDate: due, importance: .low)
                }
                records.append(
                    DemoRecord(
                        key: RecordKey(.task, RecordID("T-\(next)")), fields: task.fields, owners: [employee.address],
                        title: task.subject ?? "task"))
                next += 1
            }
        }
        // The New York employee's first task: they delete it in Outlook during the day.
        let deleted = records.first { $0.owners == [employees[2].address] }!.key
        return (records, deleted)
    }
}
