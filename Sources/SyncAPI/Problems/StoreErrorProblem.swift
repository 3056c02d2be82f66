import SyncStore

extension APIProblem {
    /// 404 details never repeat the submitted value (it may be anything, and it is in the path).
    static let mailboxNotEnrolled = "The mailbox is not enrolled in this environment (or is disabled); enrol it with PUT …/mailboxes/{address}."

    /// The problem a store error means for the client, or nil when it is the service's own
    /// failure (which stays a 500 and goes to the log).
    static func from(_ error: any Error) -> APIProblem? {
        if let problem = error as? APIProblem { return problem }
        if let error = error as? SyncOperationsError {
            switch error {
            case .mailboxNotEnrolled:
                return .notFound(Self.mailboxNotEnrolled, field: "address")
            case .environmentUnavailable(let environment, let reason):
                return APIProblem(
                    .conflict, kind: "environment-unavailable", title: "Environment cannot synchronize",
                    detail: "Environment '\(environment)' cannot synchronize now: \(reason)", field: "environment")
            }
        }
        guard let error = error as? SyncStoreError else { return nil }
        switch error {
        case .preconditionFailed(_, let record, _, let actual):
            var problem = APIProblem(
                .preconditionFailed, kind: "version-mismatch", title: "Version mismatch",
                detail: "The \(record.entity.rawValue) is at version "
                    + "\(actual.map { String($0.rawValue) } ?? "none (it does not exist)"). Read it again and retry with its ETag.",
                field: "If-Match", currentETag: actual?.etag)
            if let actual { problem.headers = [(.eTag, actual.etag)] }
            return problem
        case .recordNotFound(_, let record):
            return .notFound("No \(record.entity.rawValue) with this id in this environment.", field: "id")
        case .unknownMailbox:
            return .notFound(Self.mailboxNotEnrolled, field: "address")
        case .feedPruned(_, _, let oldest):
            return APIProblem(
                .gone, kind: "feed-pruned", title: "Change feed pruned",
                detail: "The entries after this position were pruned (older than the feed retention): re-read the records "
                    + "(GET …/{entity}/{id}) and continue with after=\(oldest.rawValue - 1).",
                field: "after")
        case .unknownEnvironment:
            return .notFound("This environment is not known to the store yet: the service registers it when it starts.", field: "environment")
        default:
            return nil
        }
    }
}
