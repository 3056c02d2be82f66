import Foundation
import SyncEngine
import SyncStore

/// The scripted day: five scenes, each a flow the product promises.
enum DemoDay {
    static func steps(for company: DemoCompany, policy: SyncEngine.SyncPolicy) -> [DemoStep] {
        [
            erpMovesMeeting(company), userEditsContact(company), userDeletesTask(company),
            userTagsAppointment(company, category: policy.optInCategory),
            bothSidesChangeLocation(company, conflict: policy.policy(for: .appointment).conflict),
        ]
    }

    /// The ERP moves the meeting shared by Zürich and New York by a day and an hour.
    static func erpMovesMeeting(_ company: DemoCompany) -> DemoStep {
        let key = company.highlights.sharedMeeting
        let owners = (company.record(key)?.owners ?? []).sorted()
        return DemoStep(id: "erp-moves-meeting", title: "The ERP moves a meeting", actingMailboxes: owners) { context in
            var before = "", after = ""
            var newStart = Date(), newEnd = Date()
            let fields = try await context.erp.updateAppointment(key) { appointment in
                guard case .timed(let start, let zone, let end, let endZone) = appointment.timing else { return }
                let shift: TimeInterval = 25 * 3600
                newStart = start.addingTimeInterval(shift)
                newEnd = end.addingTimeInterval(shift)
                before = DemoWallClock.describe(start, in: zone)
                after = DemoWallClock.describe(newStart, in: zone)
                appointment.timing = .timed(start: newStart, startTimeZone: zone, end: newEnd, endTimeZone: endZone)
            }
            let (movedStart, movedEnd) = (newStart, newEnd)
            let seenBy = owners.compactMap { context.world.company.employee($0) }.map { employee in
                "\(employee.displayName) sees it at \(DemoWallClock.describe(movedStart, in: employee.office.timeZone))"
            }
            let story =
                "The ERP moves \"\(fields.subject ?? key.description)\" (\(key.id)) from \(before) to \(after). "
                + seenBy.joined(separator: "; ") + "."
            return DemoStepOutcome(story: story) {
                var checks: [DemoReport.Check] = []
                for owner in owners {
                    let item = try await context.item(of: key, in: owner)
                    let start = item?.fields[FieldName.start]
                    checks.append(
                        DemoStepContext.check(
                            "the new time is in \(owner)'s calendar (read back through the connector)",
                            start == .instant(movedStart) && item?.fields[FieldName.end] == .instant(movedEnd),
                            "found \(DemoFieldComparison.describe(start))"))
                }
                return checks
            }
        }
    }

    /// A user changes a contact's job title in Outlook; the CRM, the ERP's change feed and the
    /// contact's other owner follow.
    static func userEditsContact(_ company: DemoCompany) -> DemoStep {
        let contact = company.contacts.first { $0.owners.count > 1 } ?? company.contacts[0]
        let owners = contact.owners.sorted()
        let editor = owners[0]
        let current = (try? ContactFields(fields: contact.fields))?.jobTitle
        let newTitle = current == "Chief Procurement Officer" ? "Head of Purchasing" : "Chief Procurement Officer"
        return DemoStep(id: "outlook-edits-contact", title: "A user edits a contact in Outlook", actingMailboxes: [editor]) { context in
            try await context.user(editor).set(["JobTitle": newTitle], on: contact.key)
            var story =
                "\(context.name(editor)) opens \(contact.title) in Outlook and changes the job title from "
                + "\"\(current ?? "none")\" to \"\(newTitle)\"."
            if owners.count > 1 {
                story += " The contact is also in " + owners.dropFirst().map(context.name).joined(separator: ", ") + "'s contacts."
            }
            return DemoStepOutcome(story: story) {
                let record = try await context.store.record(environment: context.environment, key: contact.key)
                let feed = try await context.outlookChangesSinceStart().filter { $0.record == contact.key }
                var checks = [
                    DemoStepContext.check(
                        "the CRM record \(contact.key.id) has the new job title",
                        record?.fields[FieldName.jobTitle] == .text(newTitle),
                        "CRM has \(DemoFieldComparison.describe(record?.fields[FieldName.jobTitle]))"),
                    DemoStepContext.check(
                        "the ERP's change feed reports it (jobTitle updated from \(editor))",
                        feed.contains { $0.operation == .updated && $0.fields[FieldName.jobTitle] == .text(newTitle) && $0.mailbox == editor },
                        "\(feed.count) feed entries for the record"),
                ]
                for other in owners.dropFirst() {
                    let item = try await context.item(of: contact.key, in: other)
                    checks.append(
                        DemoStepContext.check(
                            "\(other)'s copy has the new job title too",
                            item?.fields[FieldName.jobTitle] == .text(newTitle),
                            "found \(DemoFieldComparison.describe(item?.fields[FieldName.jobTitle]))"))
                }
                return checks
            }
        }
    }

    /// Another user deletes a task in Outlook; with the `propagate` policy the CRM record goes too.
    static func userDeletesTask(_ company: DemoCompany) -> DemoStep {
        let key = company.taskDeletedInOutlook
        let mailbox = company.employees[2].address
        let title = company.record(key)?.title ?? key.description
        return DemoStep(id: "outlook-deletes-task", title: "Another user deletes a task", actingMailboxes: [mailbox]) { context in
            let policy = context.world.enginePolicy.policy(for: .task).delete
            try await context.user(mailbox).delete(key)
            let story =
                "\(context.name(mailbox)) deletes the task \"\(title)\" (\(key.id)) in Outlook. "
                + "The delete policy for tasks is \"\(policy.rawValue)\": "
                + (policy == .propagate ? "the CRM record goes too." : "the CRM record stays, unlinked.")
            return DemoStepOutcome(story: story) {
                let record = try await context.store.record(environment: context.environment, key: key)
                let link = try await context.store.link(environment: context.environment, mailbox: mailbox, record: key)
                let feed = try await context.outlookChangesSinceStart().filter { $0.record == key }
                switch policy {
                case .propagate:
                    return [
                        DemoStepContext.check("the CRM record \(key.id) is deleted", record?.isDeleted == true, "the record is still live"),
                        DemoStepContext.check(
                            "the ERP's change feed reports the delete", feed.contains { $0.operation == .deleted },
                            "\(feed.count) feed entries for the record"),
                        DemoStepContext.check("the link is gone", link == nil, "a link remains"),
                    ]
                case .unlink:
                    return [
                        DemoStepContext.check("the CRM record \(key.id) is kept", record?.isDeleted == false, "the record was deleted"),
                        DemoStepContext.check("the pair is unlinked", link == nil, "a link remains"),
                    ]
                }
            }
        }
    }

    /// A user gives a private Outlook appointment the opt-in category: it becomes a CRM record.
    static func userTagsAppointment(_ company: DemoCompany, category: String) -> DemoStep {
        let mailbox = company.employees[1].address
        let subject = DemoOutlookItems.coffeeSubject(DemoCustomers.all[1].name)
        return DemoStep(id: "outlook-tags-appointment", title: "A user tags an appointment with \"\(category)\"", actingMailboxes: [mailbox]) {
            context in
            let itemID = try context.user(mailbox).tagAppointment(subject: subject, category: category)
            let story =
                "\(context.name(mailbox)) had \"\(subject)\" in Outlook only, untracked. "
                + "\(context.name(mailbox).split(separator: " ").first.map(String.init) ?? "The user") gives it the category \"\(category)\": it opts in to the CRM."
            return DemoStepOutcome(story: story) {
                let link = try await context.user(mailbox).link(ofItem: itemID)
                let record = try await link.asyncMap { try await context.store.record(environment: context.environment, key: $0.record) } ?? nil
                let feed = try await context.outlookChangesSinceStart()
                return [
                    DemoStepContext.check("the item is linked to a new CRM record", link != nil, "no link for the item"),
                    DemoStepContext.check(
                        "the CRM record carries the subject", record?.fields[FieldName.subject] == .text(subject),
                        "CRM has \(DemoFieldComparison.describe(record?.fields[FieldName.subject]))"),
                    DemoStepContext.check(
                        "the ERP's change feed reports a created appointment",
                        feed.contains { $0.operation == .created && $0.record == link?.record },
                        "\(feed.count) feed entries"),
                ]
            }
        }
    }

    /// The ERP and a user change the same meeting's location before the next sync.
    static func bothSidesChangeLocation(_ company: DemoCompany, conflict policy: SyncEngine.ConflictPolicy) -> DemoStep {
        let key = company.highlights.conflictMeeting
        let mailbox = company.record(key)?.owners.sorted().first ?? company.employees[1].address
        let crmLocation = "Showroom Lyon Part-Dieu"
        let outlookLocation = "Café de la Gare, Lyon"
        return DemoStep(id: "conflict", title: "Both sides change the same field", actingMailboxes: [mailbox]) { context in
            let fields = try await context.erp.updateAppointment(key) { $0.location = crmLocation }
            try await context.user(mailbox).set(["Location": outlookLocation], on: key)
            let winner = policy == .crmWins ? crmLocation : outlookLocation
            let story =
                "Before the next sync, the ERP sets the location of \"\(fields.subject ?? key.description)\" to \"\(crmLocation)\" "
                + "while \(context.name(mailbox)) types \"\(outlookLocation)\" in Outlook. "
                + "The conflict policy is \(policy.rawValue): \"\(winner)\" should win on both sides."
            return DemoStepOutcome(story: story) {
                let conflicts = try await context.store.conflicts(
                    environment: context.environment, matching: ConflictQuery(record: key, limit: 10))
                let record = try await context.store.record(environment: context.environment, key: key)
                let item = try await context.item(of: key, in: mailbox)
                return [
                    DemoStepContext.check(
                        "the conflict on \"location\" is recorded",
                        conflicts.contains { $0.conflict.fields.contains { $0.name == FieldName.location } },
                        "\(conflicts.count) conflicts recorded for the record"),
                    DemoStepContext.check(
                        "the CRM has \"\(winner)\"", record?.fields[FieldName.location] == .text(winner),
                        "CRM has \(DemoFieldComparison.describe(record?.fields[FieldName.location]))"),
                    DemoStepContext.check(
                        "Outlook has \"\(winner)\" (read back through the connector)", item?.fields[FieldName.location] == .text(winner),
                        "Outlook has \(DemoFieldComparison.describe(item?.fields[FieldName.location]))"),
                ]
            }
        }
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
