import Foundation
import MicrosoftGraph
import SyncEngine

extension GraphMailboxConnector {
    /// Performs the operations through `$batch` (20 to a batch; the client keeps at most 4 requests
    /// in flight per mailbox). An update that touches an array Graph writes whole (phones, e-mail
    /// addresses) reads the item first, and is `.conflict` when the item moved past the version
    /// the engine read. Throws only when a batch could not be sent at all.
    public func apply(_ operations: [OutlookOperation], kind: EntityKind, in mailbox: MailboxAddress) async throws
        -> [OutlookWriteResult]
    {
        try Self.requireSupported(kind)
        var results = [OutlookWriteResult?](repeating: nil, count: operations.count)
        let current = try await currentFields(for: operations, mailbox: mailbox, results: &results)
        var requests: [GraphBatchRequest] = []
        var indexes: [Int] = []
        for (index, operation) in operations.enumerated() where results[index] == nil {
            do {
                requests.append(try request(for: operation, id: String(index), current: current[index], mailbox: mailbox))
                indexes.append(index)
            } catch let error as GraphMappingError {
                results[index] = .failed(code: "PrextraUnmappable", message: error.description)
            }
        }
        let answers = try await client.batch(requests, mailbox: mailbox.rawValue)
        for (index, answer) in zip(indexes, answers) {
            results[index] = Self.result(of: answer, for: operations[index])
        }
        return results.map { $0 ?? .unavailable(code: "PrextraNotSent", message: "The operation was not sent.") }
    }

    /// The current fields of the items whose update needs them (see `GraphContactMapping.arrayFields`);
    /// an item gone or moved past the engine's version settles its operation at once.
    private func currentFields(for operations: [OutlookOperation], mailbox: MailboxAddress, results: inout [OutlookWriteResult?])
        async throws -> [Int: FieldSet]
    {
        var wanted: [(index: Int, item: ItemReference)] = []
        for (index, operation) in operations.enumerated() {
            guard case .update(let item, let patch, _, _) = operation,
                !Set(patch.fieldNames).isDisjoint(with: GraphContactMapping.arrayFields)
            else { continue }
            wanted.append((index, item))
        }
        guard !wanted.isEmpty else { return [:] }
        let read = try await readContacts(wanted.map(\.item.id.rawValue), mailbox: mailbox)
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

    private func request(for operation: OutlookOperation, id: String, current: FieldSet?, mailbox: MailboxAddress) throws
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

    /// What one answer of the batch means for its operation.
    static func result(of answer: GraphBatchResponse, for operation: OutlookOperation) -> OutlookWriteResult {
        guard let error = answer.error else {
            if case .delete = operation { return .deleted }
            guard let contact = try? answer.decode(GraphContact.self), let item = outlookItem(contact) else {
                return .unavailable(code: "PrextraUnreadableAnswer", message: "Graph answered \(answer.status) without a readable contact.")
            }
            return .written(item.reference)
        }
        let code = error.code ?? "HTTP \(answer.status)"
        switch error.kind {
        case .itemNotFound:
            if case .delete = operation { return .deleted }
            return .notFound
        case .preconditionFailed:
            return .conflict
        case .throttled, .serviceUnavailable, .transport, .unauthorized, .malformedResponse:
            return .unavailable(code: code, message: error.message)
        case .httpStatus where answer.status >= 500:
            return .unavailable(code: code, message: error.message)
        default:
            return .failed(code: code, message: error.message)
        }
    }
}
