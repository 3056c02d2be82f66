// Tests of SyncService: work in progress (issue 6).
