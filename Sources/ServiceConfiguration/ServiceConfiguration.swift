// Module ServiceConfiguration: work in progress.
