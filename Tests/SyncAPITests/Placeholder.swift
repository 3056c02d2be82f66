// Tests of SyncAPI: work in progress (issue 7).
