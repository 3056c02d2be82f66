// Module SyncStore: work in progress.
