import Foundation

/// One event queued for a streaming subscription, as `t:NotificationType` reports it.
struct StreamingEvent: Sendable, Hashable {
    enum Kind: String, Sendable, Hashable {
        case created = "CreatedEvent"
        case modified = "ModifiedEvent"
        case deleted = "DeletedEvent"
        case moved = "MovedEvent"
    }

    var kind: Kind
    var itemId: String
    var parentFolderId: String
    /// A move's id and folder before the move.
    var oldItemId: String?
    var oldParentFolderId: String?
    var timeStamp: Date
    /// Not delivered before this instant (the notification delay fault).
    var deliverableAt: ContinuousClock.Instant

    /// `t:CreatedEvent`, `t:ModifiedEvent`... in `BaseObjectChangedEventType` / `MovedCopiedEventType` order.
    var element: XMLElementNode {
        var children: [XMLElementNode] = [
            .t("TimeStamp", EWSDateTime.format(timeStamp)),
            .t("ItemId", attributes: ["Id": itemId]),
            .t("ParentFolderId", attributes: ["Id": parentFolderId]),
        ]
        if kind == .moved, let oldItemId, let oldParentFolderId {
            children += [.t("OldItemId", attributes: ["Id": oldItemId]), .t("OldParentFolderId", attributes: ["Id": oldParentFolderId])]
        }
        return .t(kind.rawValue, children: children)
    }

    /// The events of one batch of mailbox changes. A move arrives as a deletion from one
    /// folder and a creation in another with the same immutable id: it becomes one MovedEvent,
    /// as Exchange reports a move.
    static func events(from changes: [MailboxChange], at time: Date, deliverableAt: ContinuousClock.Instant) -> [(mailbox: String, event: StreamingEvent)] {
        var result: [(String, StreamingEvent)] = []
        var consumed = Set<Int>()
        for (index, change) in changes.enumerated() where !consumed.contains(index) {
            let mailbox = change.mailbox.lowercased()
            switch change.kind {
            case .created:
                result.append((mailbox, StreamingEvent(kind: .created, itemId: change.itemId, parentFolderId: change.folderId, timeStamp: time, deliverableAt: deliverableAt)))
            case .updated:
                result.append((mailbox, StreamingEvent(kind: .modified, itemId: change.itemId, parentFolderId: change.folderId, timeStamp: time, deliverableAt: deliverableAt)))
            case .deleted:
                let partner = changes.indices.first { other in
                    other > index && !consumed.contains(other) && changes[other].kind == .created
                        && changes[other].immutableId == change.immutableId && changes[other].mailbox.lowercased() == mailbox
                }
                if let partner {
                    consumed.insert(partner)
                    let created = changes[partner]
                    result.append(
                        (mailbox, StreamingEvent(
                            kind: .moved, itemId: created.itemId, parentFolderId: created.folderId, oldItemId: change.itemId,
                            oldParentFolderId: change.folderId, timeStamp: time, deliverableAt: deliverableAt)))
                } else {
                    result.append((mailbox, StreamingEvent(kind: .deleted, itemId: change.itemId, parentFolderId: change.folderId, timeStamp: time, deliverableAt: deliverableAt)))
                }
            }
        }
        return result
    }

    /// The folders an event concerns (a move concerns both).
    var folders: [String] { [parentFolderId] + (oldParentFolderId.map { [$0] } ?? []) }
}
