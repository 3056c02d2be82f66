// Module SyncService: work in progress.
