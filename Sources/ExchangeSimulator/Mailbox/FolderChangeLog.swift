/// Per folder, when each item entered it, last changed, and left it. Sequence numbers are
/// unique per mailbox, so a watermark splits the changes of a folder cleanly into pages.
struct FolderChangeLog: Sendable {
    struct Entry: Sendable {
        var enteredSequence: UInt64
        var lastSequence: UInt64
        var leftSequence: UInt64?
    }

    enum Change: Sendable {
        case create(itemId: String)
        case update(itemId: String)
        case delete(itemId: String)

        var itemId: String {
            switch self {
            case .create(let id), .update(let id), .delete(let id): id
            }
        }
    }

    private(set) var entries: [String: Entry] = [:]
    /// The highest sequence of any change in this folder.
    private(set) var highestSequence: UInt64 = 0

    mutating func entered(_ itemId: String, at sequence: UInt64) {
        entries[itemId] = Entry(enteredSequence: sequence, lastSequence: sequence, leftSequence: nil)
        highestSequence = sequence
    }

    mutating func changed(_ itemId: String, at sequence: UInt64) {
        entries[itemId]?.lastSequence = sequence
        highestSequence = sequence
    }

    mutating func left(_ itemId: String, at sequence: UInt64) {
        entries[itemId]?.leftSequence = sequence
        entries[itemId]?.lastSequence = sequence
        highestSequence = sequence
    }

    /// The net changes after `watermark`, coalesced as Exchange reports them: created and then
    /// updated is one Create; created and then deleted is nothing.
    func changes(after watermark: UInt64, ignoring ignored: Set<String>) -> [(sequence: UInt64, change: Change)] {
        var result: [(sequence: UInt64, change: Change)] = []
        for (id, entry) in entries where entry.lastSequence > watermark && !ignored.contains(id) {
            if entry.leftSequence != nil {
                if entry.enteredSequence <= watermark { result.append((entry.lastSequence, .delete(itemId: id))) }
            } else if entry.enteredSequence > watermark {
                result.append((entry.lastSequence, .create(itemId: id)))
            } else {
                result.append((entry.lastSequence, .update(itemId: id)))
            }
        }
        result.sort { $0.sequence < $1.sequence }
        return result
    }
}
