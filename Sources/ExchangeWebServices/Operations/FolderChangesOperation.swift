extension ExchangeWebServicesClient {
    /// One page of a folder's changes with the changed items read in full: SyncFolderItems with
    /// IdOnly (as Microsoft advises), then GetItem in batches with `shape` for the creates and
    /// updates. An item deleted between the two calls is reported as a delete.
    ///
    /// Any other GetItem failure fails the page, so that the sync state is not stored past a
    /// change that was not read.
    public func folderChanges(
        in folder: FolderID, syncState: String?, shape: ItemShape, maxChanges: Int = 512, mailbox: String
    ) async throws -> SyncFolderItemsPage {
        var page = try await syncFolderItems(in: folder, syncState: syncState, maxChanges: maxChanges, shape: .idOnly, mailbox: mailbox)
        let wanted = page.changes.compactMap { change -> ItemID? in
            switch change {
            case .create(let item), .update(let item): item.id
            case .delete, .readFlagChange: nil
            }
        }
        guard !wanted.isEmpty else { return page }
        // SyncFolderItems' ChangeKey is the one to read; GetItem takes the id alone so that a
        // newer version (changed again meanwhile) is returned rather than refused.
        let results = await getItems(wanted.map { ItemID($0.id) }, shape: shape, mailbox: mailbox)
        var fetched: [String: Result<Item, EWSError>] = [:]
        for (id, result) in zip(wanted, results) { fetched[id.id] = result }
        page.changes = try page.changes.map { change in
            switch change {
            case .create(let item), .update(let item):
                guard let id = item.id, let result = fetched[id.id] else { return change }
                switch result {
                case .success(let full):
                    if case .create = change { return .create(full) }
                    return .update(full)
                case .failure(let error) where error.code == .errorItemNotFound:
                    return .delete(id)
                case .failure(let error):
                    throw error
                }
            case .delete, .readFlagChange:
                return change
            }
        }
        return page
    }
}
