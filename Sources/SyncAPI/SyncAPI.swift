// Module SyncAPI: work in progress.
