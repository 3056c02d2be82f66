// Module WindowsTimeZones: work in progress.
