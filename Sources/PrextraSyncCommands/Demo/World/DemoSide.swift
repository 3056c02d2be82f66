import ServiceConfiguration

/// One environment of the demo with the service that syncs it. A plain `demo` runs two side by
/// side, the same company on each: on-premises Exchange through EWS, Exchange Online through Graph.
struct DemoSide: Sendable {
    let world: DemoWorld
    let driver: any DemoSyncDriver

    /// The environment names of a run through `apis`: the company's own name alone, or one
    /// name per API when both run.
    static func environmentName(for api: ExchangeAPI, among apis: [ExchangeAPI]) -> String {
        guard apis.count > 1 else { return DemoCompany.environment }
        return DemoCompany.environment + (api == .graph ? "-online" : "-onprem")
    }
}
