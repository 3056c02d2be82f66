/// One entry of a delta page: an item that was added or changed, or the id of one that left the
/// collection (`"@removed": {"reason": "deleted"}` — for `calendarView/delta` this includes events
/// that moved out of the window, so it does not always mean the item was deleted).
public enum GraphDeltaEntry<Item: GraphModel>: Decodable, Sendable {
    case changed(Item)
    case removed(id: String, reason: String?)

    private enum Keys: String, CodingKey {
        case id
        case removed = "@removed"
    }

    private struct Removal: Decodable {
        var reason: String?
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        if container.contains(.removed) {
            let removal = try container.decode(Removal.self, forKey: .removed)
            self = .removed(id: try container.decode(String.self, forKey: .id), reason: removal.reason)
        } else {
            self = .changed(try Item(from: decoder))
        }
    }

    /// The id of the item, whether changed or removed.
    public var id: String? {
        switch self {
        case .changed(let item): (item as? any GraphIdentifiable)?.graphID
        case .removed(let id, _): id
        }
    }
}

/// A model that has Graph's `id`.
public protocol GraphIdentifiable {
    var graphID: String? { get }
}

extension GraphEvent: GraphIdentifiable { public var graphID: String? { id } }
extension GraphContact: GraphIdentifiable { public var graphID: String? { id } }
extension GraphContactFolder: GraphIdentifiable { public var graphID: String? { id } }
extension GraphTodoTask: GraphIdentifiable { public var graphID: String? { id } }
extension GraphTodoTaskList: GraphIdentifiable { public var graphID: String? { id } }
extension GraphMessage: GraphIdentifiable { public var graphID: String? { id } }
extension GraphMailFolder: GraphIdentifiable { public var graphID: String? { id } }
