/// An Outlook update we sent whose cycle never committed (it was interrupted after Exchange
/// answered): the link still holds the base and change key from before the write.
///
/// The next cycle recognises our own update by its change key: the item's version is the one our
/// write produced, or a later one when the user edited the item since. Either way, a field of the
/// item that still holds the value we wrote is ours, not the user's edit: it is merged as unchanged
/// in Outlook, so the ERP's newer value is never taken for a conflict and overwritten by our own
/// stale write.
public struct UncommittedWrite: Codable, Sendable, Hashable {
    /// The item's version our write produced.
    public var changeKey: ChangeKey
    /// What we wrote.
    public var patch: FieldPatch

    public init(changeKey: ChangeKey, patch: FieldPatch) {
        self.changeKey = changeKey
        self.patch = patch
    }

    /// The item as the user left it: `item` with every field that still holds our value put back
    /// to `base`.
    public func userSide(of item: FieldSet, base: FieldSet) -> FieldSet {
        var fields = item
        for (field, value) in patch.values where item[field] == value { fields[field] = base[field] }
        for field in patch.cleared where item[field] == nil { fields[field] = base[field] }
        return fields
    }

    /// This write followed by `later` (a second interrupted write to the same item).
    public func followed(by later: UncommittedWrite) -> UncommittedWrite {
        var values = patch.values
        var cleared = patch.cleared
        for (field, value) in later.patch.values {
            values[field] = value
            cleared.remove(field)
        }
        for field in later.patch.cleared {
            values[field] = nil
            cleared.insert(field)
        }
        return UncommittedWrite(changeKey: later.changeKey, patch: FieldPatch(values: values, cleared: cleared))
    }
}
