import Foundation
import MicrosoftGraph
import SyncEngine

extension GraphMailboxConnector {
    /// Performs the operations through `$batch` (20 to a batch; the client keeps at most 4 requests
    /// in flight per mailbox). An update that touches an array Graph writes whole (a contact's
    /// phones and e-mail addresses) reads the item first, and is `.conflict` when the item moved
    /// past the version the engine read. A task's tag is a linked resource, added by a request of
    /// its own after the task's PATCH. A series' modified and deleted occurrences are written after
    /// its master (`GraphAppointmentOccurrences`). Throws only when a batch could not be sent at all.
    public func apply(_ operations: [OutlookOperation], kind: EntityKind, in mailbox: MailboxAddress) async throws
        -> [OutlookWriteResult]
    {
        var results = [OutlookWriteResult?](repeating: nil, count: operations.count)
        let current: [Int: FieldSet]
        switch kind {
        case .contact:
            current = try await currentFields(
                for: operations, kind: kind, mailbox: mailbox, results: &results,
                needed: { patch in
                    // A group the patch carries whole needs nothing of the item (see `fieldsWrittenTogether`).
                    let names = Set(patch.fieldNames)
                    return GraphContactMapping.positionalGroups.contains { !names.isDisjoint(with: $0) && !names.isSuperset(of: $0) }
                })
        case .appointment:
            current = try await currentFields(
                for: operations, kind: kind, mailbox: mailbox, results: &results, needed: GraphAppointmentMapping.needsCurrentFields)
        case .task:
            current = [:]
        }
        let list = kind == .task ? try await defaultTaskList(of: mailbox) : ""
        var requests: [GraphBatchRequest] = []
        var sent: [(index: Int, requests: Range<Int>)] = []
        for (index, operation) in operations.enumerated() where results[index] == nil {
            do {
                let built: [GraphBatchRequest]
                switch kind {
                case .task: built = try taskRequests(for: operation, index: index, listID: list, mailbox: mailbox)
                case .contact: built = [try contactRequest(for: operation, id: String(index), current: current[index], mailbox: mailbox)]
                case .appointment:
                    guard let request = try eventRequest(for: operation, id: String(index), current: current[index], mailbox: mailbox) else {
                        // Only occurrences change: the master stays at the version named.
                        if case .update(let item, _, _, _) = operation { results[index] = .written(item) }
                        continue
                    }
                    built = [request]
                }
                sent.append((index, requests.count..<requests.count + built.count))
                requests += built
            } catch let error as GraphMappingError {
                results[index] = .failed(code: "PrextraUnmappable", message: error.description)
            }
        }
        let answers = try await client.batch(requests, mailbox: mailbox.rawValue)
        for (index, range) in sent {
            results[index] = Self.result(of: Array(answers[range]), for: operations[index])
        }
        if kind == .appointment {
            try await GraphAppointmentOccurrences(connector: self, mailbox: mailbox).write(&results, operations: operations)
        }
        return results.map { $0 ?? .unavailable(code: "PrextraNotSent", message: "The operation was not sent.") }
    }

    /// The current fields of the items whose update `needed` them (a contact's arrays, an
    /// appointment's timing and recurrence); an item gone or moved past the engine's version
    /// settles its operation at once.
    private func currentFields(
        for operations: [OutlookOperation], kind: EntityKind, mailbox: MailboxAddress, results: inout [OutlookWriteResult?],
        needed: (FieldPatch) -> Bool
    ) async throws -> [Int: FieldSet] {
        var wanted: [(index: Int, item: ItemReference)] = []
        for (index, operation) in operations.enumerated() {
            guard case .update(let item, let patch, _, _) = operation, needed(patch) else { continue }
            wanted.append((index, item))
        }
        guard !wanted.isEmpty else { return [:] }
        let read = try await readItems(wanted.map(\.item.id.rawValue), kind: kind, mailbox: mailbox)
        let byID = Dictionary(read.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var current: [Int: FieldSet] = [:]
        for (index, item) in wanted {
            guard let found = byID[item.id] else {
                results[index] = .notFound
                continue
            }
            guard found.reference.changeKey == item.changeKey else {
                results[index] = .conflict
                continue
            }
            current[index] = found.fields
        }
        return current
    }

    private func contactRequest(for operation: OutlookOperation, id: String, current: FieldSet?, mailbox: MailboxAddress) throws
        -> GraphBatchRequest
    {
        switch operation {
        case .create(let intent, _):
            var contact = try GraphContactMapping.contact(with: intent.fields)
            contact.singleValueExtendedProperties = [GraphExtendedProperty(id: Self.tagProperty, value: intent.tag.rawValue)]
            return try GraphBatchRequest.createContact(id: id, contact, mailbox: mailbox.rawValue)
        case .update(let item, let patch, let tag, _):
            var contact = GraphContact()
            let cleared = try GraphContactMapping.write(patch, current: current ?? FieldSet(), into: &contact)
            if let tag { contact.singleValueExtendedProperties = [GraphExtendedProperty(id: Self.tagProperty, value: tag.rawValue)] }
            return try GraphBatchRequest.updateContact(
                id: id, contactID: item.id.rawValue, etag: Self.etag(of: item.changeKey), changes: GraphChanges(contact, clearing: cleared),
                mailbox: mailbox.rawValue)
        case .delete(let item, _):
            return GraphBatchRequest.deleteContact(
                id: id, contactID: item.id.rawValue, etag: Self.etag(of: item.changeKey), mailbox: mailbox.rawValue)
        }
    }

    /// An event's request; nil for an update that changes only occurrences (written afterwards).
    private func eventRequest(for operation: OutlookOperation, id: String, current: FieldSet?, mailbox: MailboxAddress) throws
        -> GraphBatchRequest?
    {
        switch operation {
        case .create(let intent, _):
            var event = try GraphAppointmentMapping.event(with: intent.fields, attendeesInReach: attendeesInReach)
            event.singleValueExtendedProperties =
                (event.singleValueExtendedProperties ?? []) + [GraphExtendedProperty(id: Self.tagProperty, value: intent.tag.rawValue)]
            return try GraphBatchRequest.createEvent(id: id, event, transactionID: intent.id, mailbox: mailbox.rawValue)
        case .update(let item, let patch, let tag, _):
            var event = GraphEvent()
            let cleared = try GraphAppointmentMapping.write(patch, current: current ?? FieldSet(), into: &event, attendeesInReach: attendeesInReach)
            if let tag {
                event.singleValueExtendedProperties =
                    (event.singleValueExtendedProperties ?? []) + [GraphExtendedProperty(id: Self.tagProperty, value: tag.rawValue)]
            }
            let written = Set(patch.fieldNames).subtracting(GraphAppointmentMapping.occurrenceFields)
                .subtracting(fieldsOutOfReach(of: .appointment))
            guard !written.isEmpty || tag != nil else { return nil }
            return try GraphBatchRequest.updateEvent(
                id: id, eventID: item.id.rawValue, etag: Self.etag(of: item.changeKey), changes: GraphChanges(event, clearing: cleared),
                mailbox: mailbox.rawValue)
        case .delete(let item, _):
            return GraphBatchRequest.deleteEvent(id: id, eventID: item.id.rawValue, etag: Self.etag(of: item.changeKey), mailbox: mailbox.rawValue)
        }
    }

    /// A task's requests: one, or a PATCH and the POST of its tag (which waits for the PATCH).
    private func taskRequests(for operation: OutlookOperation, index: Int, listID: String, mailbox: MailboxAddress) throws
        -> [GraphBatchRequest]
    {
        let id = String(index)
        switch operation {
        case .create(let intent, _):
            var task = try GraphTaskMapping.task(with: intent.fields)
            task.linkedResources = [GraphTaskMapping.linkedResource(for: intent.tag)]
            return [try GraphBatchRequest.createTask(id: id, task, listID: listID, mailbox: mailbox.rawValue)]
        case .update(let item, let patch, let tag, _):
            var requests: [GraphBatchRequest] = []
            var task = GraphTodoTask()
            let cleared = try GraphTaskMapping.write(patch, into: &task)
            let written = patch.fieldNames.filter { !GraphTaskMapping.fieldsOutOfReach.contains($0) }
            if !written.isEmpty || tag == nil {
                requests.append(
                    try GraphBatchRequest.updateTask(
                        id: id, taskID: item.id.rawValue, listID: listID, etag: Self.etag(of: item.changeKey),
                        changes: GraphChanges(task, clearing: cleared), mailbox: mailbox.rawValue))
            }
            if let tag {
                requests.append(
                    try GraphBatchRequest.addLinkedResource(
                        id: "\(id)-tag", GraphTaskMapping.linkedResource(for: tag), taskID: item.id.rawValue, listID: listID,
                        mailbox: mailbox.rawValue, dependsOn: requests.map(\.id)))
            }
            return requests
        case .delete(let item, _):
            return [
                GraphBatchRequest.deleteTask(
                    id: id, taskID: item.id.rawValue, listID: listID, etag: Self.etag(of: item.changeKey), mailbox: mailbox.rawValue)
            ]
        }
    }

    /// What the answers to an operation's requests mean for it: the first failure decides; else the
    /// item the write answered with (a tag added alone leaves the task at the version named).
    static func result(of answers: [GraphBatchResponse], for operation: OutlookOperation) -> OutlookWriteResult {
        if let failed = answers.first(where: { $0.error != nil }), let error = failed.error {
            return failure(error, status: failed.status, for: operation)
        }
        if case .delete = operation { return .deleted }
        guard let answer = answers.first else {
            return .unavailable(code: "PrextraNotSent", message: "The operation was not sent.")
        }
        if answer.id.hasSuffix("-tag"), case .update(let item, _, _, _) = operation { return .written(item) }
        guard let written = try? answer.decode(WrittenItem.self), let reference = written.reference else {
            return .unavailable(code: "PrextraUnreadableAnswer", message: "Graph answered \(answer.status) without the item's id and version.")
        }
        return .written(reference)
    }

    static func failure(_ error: GraphError, status: Int, for operation: OutlookOperation) -> OutlookWriteResult {
        let code = error.code ?? "HTTP \(status)"
        switch error.kind {
        case .itemNotFound:
            if case .delete = operation { return .deleted }
            return .notFound
        case .preconditionFailed:
            return .conflict
        case .throttled, .serviceUnavailable, .transport, .unauthorized, .malformedResponse:
            return .unavailable(code: code, message: error.message)
        case .httpStatus where status >= 500:
            return .unavailable(code: code, message: error.message)
        default:
            return .failed(code: code, message: error.message)
        }
    }
}

/// The id and version of the item a create or an update answered with, whatever its type.
private struct WrittenItem: Decodable {
    var id: String?
    var etag: String?
    var changeKey: String?

    enum CodingKeys: String, CodingKey {
        case id
        case etag = "@odata.etag"
        case changeKey
    }

    var reference: ItemReference? {
        guard let id, let key = changeKey ?? etag.map(GraphMailboxConnector.changeKey(ofETag:)) else { return nil }
        return ItemReference(id: SyncEngine.ItemID(id), changeKey: ChangeKey(key))
    }
}
