// Module SyncAPI: work in progress (issue 7).
