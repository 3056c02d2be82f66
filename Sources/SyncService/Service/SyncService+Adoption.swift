extension SyncService {
    /// Takes on an environment while the service runs (a customer completed onboarding): it is
    /// registered in the store with its configured mailboxes, and scheduled like the ones the
    /// service started with. An environment of the same name is replaced (a renewed credential):
    /// its scheduling goes on and uses the new one from its next cycle.
    public func adopt(_ environment: SyncEnvironment) async {
        let isNew = registry.withLock { environments in
            if let index = environments.firstIndex(where: { $0.name.lowercased() == environment.name.lowercased() }) {
                environments[index] = environment
                return false
            }
            environments.append(environment)
            return true
        }
        await prepare(environment)
        if isNew { adopted.continuation.yield(environment.name) }
        logger.notice(
            isNew ? "the environment was adopted and is scheduled" : "the environment's settings were replaced",
            metadata: ["environment": "\(environment.name)"])
    }
}
