import ExchangeWebServices
import Foundation
import SyncEngine

extension EWSMailboxConnector {
    /// Performs the operations with one CreateItem, one UpdateItem and one DeleteItem request per
    /// batch of the client's batch size (and per meeting-notification choice, which is an attribute
    /// of the whole request). Updates carry the ChangeKey the engine read, with
    /// `ConflictResolution=NeverOverwrite`: an item changed since answers `.conflict`.
    public func apply(_ operations: [OutlookOperation], kind: EntityKind, in mailbox: MailboxAddress) async throws
        -> [OutlookWriteResult]
    {
        var writes = PlannedWrites(kind: kind, count: operations.count)
        var toRead: [(index: Int, item: ItemReference, patch: FieldPatch, tag: SyncTag?, send: Bool)] = []
        let mapping = EWSItemMappings.mapping(for: kind)
        for (index, operation) in operations.enumerated() {
            switch operation {
            case .create(let intent, let send):
                writes.planCreate(index: index, fields: intent.fields, tag: intent.tag, send: send)
            case .update(let item, let patch, let tag, let send):
                if mapping.needsCurrentFields(for: patch) {
                    toRead.append((index, item, patch, tag, send))
                } else {
                    writes.planUpdate(index: index, item: item, patch: patch, current: nil, tag: tag, send: send)
                }
            case .delete(let item, let cancel):
                writes.deletes[cancel, default: []].append((index, ExchangeWebServices.ItemID(item.id.rawValue)))
            }
        }
        if !toRead.isEmpty {
            let read = await client.getItems(
                toRead.map { ExchangeWebServices.ItemID($0.item.id.rawValue) }, shape: Self.shape(of: kind), mailbox: mailbox.rawValue)
            var items: [Item] = []
            var pending: [(index: Int, item: ItemReference, patch: FieldPatch, tag: SyncTag?, send: Bool, id: String)] = []
            for (update, result) in zip(toRead, read) {
                switch result {
                case .success(let item):
                    items.append(item)
                    pending.append((update.index, update.item, update.patch, update.tag, update.send, item.id?.id ?? ""))
                case .failure(let error):
                    writes.record(error, at: update.index, for: .update)
                }
            }
            let current = try await outlookItems(from: items, kind: kind, mailbox: mailbox)
            let fieldsByID = Dictionary(current.map { ($0.id.rawValue, $0.fields) }, uniquingKeysWith: { first, _ in first })
            for update in pending {
                writes.planUpdate(
                    index: update.index, item: update.item, patch: update.patch, current: fieldsByID[update.id] ?? FieldSet(),
                    tag: update.tag, send: update.send)
            }
        }
        try await perform(&writes, mailbox: mailbox)
        if kind == .appointment {
            try await AppointmentOccurrences.write(
                &writes, operations: operations, client: client, mailbox: mailbox.rawValue, logger: logger)
        }
        if let failure = writes.failureOfEverything { throw failure }
        return writes.results.map { $0 ?? .unavailable(code: "PrextraNotSent", message: "The operation was not sent.") }
    }

    private func perform(_ writes: inout PlannedWrites, mailbox: MailboxAddress) async throws {
        let folder = Self.folder(of: writes.kind)
        for send in [false, true] {
            guard let creates = writes.creates[send], !creates.isEmpty else { continue }
            let results = await client.createItems(
                creates.map(\.item), in: folder, sendMeetingInvitations: send ? .sendToAllAndSaveCopy : .sendToNone,
                mailbox: mailbox.rawValue)
            for (create, result) in zip(creates, results) {
                switch result {
                case .success(let id): writes.record(id, at: create.index)
                case .failure(let error): writes.record(error, at: create.index, for: .create)
                }
            }
        }
        for send in [false, true] {
            guard let updates = writes.updates[send], !updates.isEmpty else { continue }
            let results = await client.updateItems(
                updates.map(\.update), conflictResolution: .neverOverwrite,
                sendMeetingInvitationsOrCancellations: send ? .sendToAllAndSaveCopy : .sendToNone, mailbox: mailbox.rawValue)
            for (update, result) in zip(updates, results) {
                switch result {
                case .success(let id): writes.record(id, at: update.index)
                case .failure(let error): writes.record(error, at: update.index, for: .update)
                }
            }
        }
        for cancel in [false, true] {
            guard let deletes = writes.deletes[cancel], !deletes.isEmpty else { continue }
            let results = await client.deleteItems(
                deletes.map(\.id), deleteType: .moveToDeletedItems,
                sendMeetingCancellations: cancel ? .sendToAllAndSaveCopy : .sendToNone, mailbox: mailbox.rawValue)
            for (delete, result) in zip(deletes, results) {
                switch result {
                case .success: writes.results[delete.index] = .deleted
                case .failure(let error): writes.record(error, at: delete.index, for: .delete)
                }
            }
        }
    }
}

/// The requests one `apply` sends, grouped, and the results so far (by operation index).
struct PlannedWrites {
    enum WriteKind { case create, update, delete }

    let kind: EntityKind
    var creates: [Bool: [(index: Int, item: Item)]] = [:]
    var updates: [Bool: [(index: Int, update: ItemUpdate)]] = [:]
    var deletes: [Bool: [(index: Int, id: ExchangeWebServices.ItemID)]] = [:]
    var results: [OutlookWriteResult?]
    /// Request-level failures (nothing reached the mailbox for these operations).
    private var requestFailures: [EWSError] = []
    private var sentAnything = false

    init(kind: EntityKind, count: Int) {
        self.kind = kind
        results = Array(repeating: nil, count: count)
    }

    mutating func planCreate(index: Int, fields: FieldSet, tag: SyncTag, send: Bool) {
        do {
            var item = try EWSItemMappings.mapping(for: kind).newItem(with: fields)
            item.extendedProperties.set(EWSNamedProperties.tag, tag.rawValue)
            creates[send, default: []].append((index, item))
        } catch {
            results[index] = .failed(code: EWSMappingError.code, message: error.description)
        }
    }

    mutating func planUpdate(index: Int, item: ItemReference, patch: FieldPatch, current: FieldSet?, tag: SyncTag?, send: Bool) {
        do {
            var (change, fields) = try EWSItemMappings.mapping(for: kind).change(for: patch, current: current)
            if let tag {
                change.extendedProperties.set(EWSNamedProperties.tag, tag.rawValue)
                fields.append(.extendedProperty(EWSNamedProperties.tag))
            }
            var unique: [ItemField] = []
            for field in fields where !unique.contains(field) { unique.append(field) }
            let id = ExchangeWebServices.ItemID(item.id.rawValue, changeKey: item.changeKey.rawValue)
            updates[send, default: []].append((index, ItemUpdate(itemID: id, item: change, fields: unique)))
        } catch {
            results[index] = .failed(code: EWSMappingError.code, message: error.description)
        }
    }

    mutating func record(_ id: ExchangeWebServices.ItemID, at index: Int) {
        sentAnything = true
        results[index] = .written(ItemReference(id: SyncEngine.ItemID(id.id), changeKey: ChangeKey(id.changeKey ?? "")))
    }

    mutating func record(_ error: EWSError, at index: Int, for write: WriteKind) {
        if error.kind == .responseMessage { sentAnything = true } else { requestFailures.append(error) }
        switch (write, error.code) {
        case (.delete, .errorItemNotFound?): results[index] = .deleted
        case (.update, .errorItemNotFound?): results[index] = .notFound
        case (.update, .errorIrresolvableConflict?), (.update, .errorStaleObject?): results[index] = .conflict
        default:
            let code = error.code?.rawValue ?? "\(error.kind)"
            results[index] =
                error.isTransient
                ? .unavailable(code: code, message: error.description) : .failed(code: code, message: error.description)
        }
    }

    /// The error to throw when every request failed as a whole (authentication, throttling, transport).
    var failureOfEverything: EWSError? { sentAnything ? nil : requestFailures.first }
}

extension Item {
    /// The named properties of whichever item this is.
    var extendedProperties: [ExtendedProperty] {
        get { properties.extendedProperties }
        set {
            switch self {
            case .calendarItem(var item):
                item.properties.extendedProperties = newValue
                self = .calendarItem(item)
            case .contact(var item):
                item.properties.extendedProperties = newValue
                self = .contact(item)
            case .task(var item):
                item.properties.extendedProperties = newValue
                self = .task(item)
            case .message(var item):
                item.properties.extendedProperties = newValue
                self = .message(item)
            case .other(let name, var properties):
                properties.extendedProperties = newValue
                self = .other(elementName: name, properties: properties)
            }
        }
    }
}
