// Module StreamingXML: work in progress.
