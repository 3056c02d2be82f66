/// Everything the demo did, for `--json` and for tests: one report per environment.
struct DemoRunReport: Codable, Sendable {
    var environments: [DemoReport]
    /// Every environment converged and every scripted flow happened on each.
    var succeeded: Bool

    init(environments: [DemoReport]) {
        self.environments = environments
        succeeded = !environments.isEmpty && environments.allSatisfy(\.succeeded)
    }
}

/// What the demo did in one environment.
struct DemoReport: Codable, Sendable {
    struct Company: Codable, Sendable {
        var name: String
        var environment: String
        var seedNumber: UInt64
        var week: String
        var employees: Int
        var timeZones: [String]
        var contacts: Int
        var appointments: Int
        var recurringAppointments: Int
        var allDayAppointments: Int
        var tasks: Int
        var outlookItems: Int
        var outlookItemsOptedIn: Int
    }

    struct FirstSync: Codable, Sendable {
        var mailboxes: Int
        var itemsCreatedInOutlook: Int
        var recordsCreatedFromOutlook: Int
        var privateItemsLeftAlone: Int
        var decisions: Int
    }

    struct Check: Codable, Sendable, Hashable {
        var description: String
        var passed: Bool
        var detail: String?
    }

    struct Step: Codable, Sendable {
        var id: String
        var title: String
        var story: String
        var flows: [DemoFlow]
        var conflicts: [String]
        var checks: [Check]
        var passed: Bool

        init(id: String, title: String, story: String, flows: [DemoFlow], conflicts: [String], checks: [Check]) {
            self.id = id
            self.title = title
            self.story = story
            self.flows = flows
            self.conflicts = conflicts
            self.checks = checks
            passed = checks.allSatisfy(\.passed)
        }
    }

    /// `ews` or `graph`.
    var api: String
    var company: Company
    var stateDirectory: String?
    var firstSync: FirstSync?
    var steps: [Step] = []
    var summary: DemoSummary?
    var convergence: DemoConvergenceReport?
    /// Both sides hold the same data and every scripted flow happened.
    var succeeded = false
}
