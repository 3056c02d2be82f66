/// Why the demo could not run, with what to do about it.
enum DemoError: Error, CustomStringConvertible {
    case stateDirectoryInUse(path: String)
    case simulatorDidNotStart(String)
    case syncFailed(mailbox: String, message: String)
    case missingItem(String)

    var description: String {
        switch self {
        case .stateDirectoryInUse(let path):
            "\(path) already exists: it belongs to an earlier demo, whose simulator is gone. Remove it or give another --state-dir."
        case .simulatorDidNotStart(let message):
            "the Exchange simulator did not start: \(message)"
        case .syncFailed(let mailbox, let message):
            "the sync of \(mailbox) failed: \(message)"
        case .missingItem(let what):
            "the demo could not find \(what) in the simulator; the company generator and the script disagree"
        }
    }
}
