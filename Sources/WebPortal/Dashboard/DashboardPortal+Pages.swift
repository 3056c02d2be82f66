import Foundation
import HTTPTypes
import Hummingbird
import Onboarding
import ServiceConfiguration
import SyncAPI
import SyncEngine
import SyncStore

/// The dashboard's pages, each read through the store and the running service.
extension DashboardPortal {
    func overviewPage(_ user: Operator) async throws -> Response {
        let text = DashboardText.strings(user.language)
        let unavailable = await operations?.unavailableEnvironments() ?? [:]
        let facts = Dictionary((await operations?.environmentFacts() ?? []).map { ($0.name.lowercased(), $0) }) { first, _ in first }
        let now = clock()
        var rows: [[String: Any]] = []
        var alerts: [[String: Any]] = []
        for name in served.names where user.client.allows(environment: name) {
            let overview = try await EnvironmentOverview.read(name, store: store, unavailableReason: unavailable[name])
            let fact = facts[name.lowercased()]
            let daysLeft = fact?.daysLeft(at: now)
            let state = overview.state
            rows.append([
                "name": name, "path": Self.environmentPath(name),
                "api": (fact?.api ?? overview.stored?.apiChoice?.api).map { $0 == "graph" ? "Microsoft Graph" : "EWS" } ?? text["unknown"] ?? "",
                "state": state, "stateText": text["state" + state] ?? state,
                "stateBadge": state == "ok" ? "ok" : state == "idle" ? "warn" : "bad",
                "mailboxes": "\(overview.enrolled.count) / \(overview.mailboxes.count)", "failing": overview.failingMailboxes,
                "failedItems": overview.failedItems, "webhooks": overview.undeliveredWebhooks,
                "expires": fact?.credentialExpiresOn.map { Self.day($0) } ?? text["unknown"] ?? "",
                "daysLeft": daysLeft.map { "\($0)" } ?? false,
            ])
            func alert(_ message: String, fix: String? = nil) {
                alerts.append(["environment": name, "path": Self.environmentPath(name), "message": message, "fix": fix ?? false])
            }
            if let reason = overview.unavailableReason { alert((text["alertUnavailable"] ?? "") + ": " + reason) }
            if overview.failingMailboxes > 0 { alert("\(overview.failingMailboxes) " + (text["alertFailing"] ?? "")) }
            if overview.failedItems > 0 { alert("\(overview.failedItems) " + (text["alertFailedItems"] ?? "")) }
            if let daysLeft, daysLeft <= EnvironmentFacts.expiryWarningDays {
                alert(
                    daysLeft < 0 ? text["alertExpired"] ?? "" : (text["alertExpiring"] ?? "") + " \(daysLeft) " + (text["days"] ?? ""),
                    fix: text["alertExpiringFix"])
            }
            if fact?.usesExchangeOnlineEWS == true { alert(text["alertEWS"] ?? "") }
            if let until = fact?.throttledUntil, until > now { alert((text["alertThrottled"] ?? "") + " " + Self.time(until)) }
        }
        var values = base(user.language, title: text["overviewTitle"] ?? "", user: user)
        values["isOverview"] = true
        values["environments"] = rows
        values["alerts"] = alerts
        values["hasAlerts"] = !alerts.isEmpty
        values["back"] = "/dashboard"
        return renderer.page("dashboard-overview", values)
    }

    func environmentPage(_ environment: String, user: Operator, request: Request, verification: VerificationSummary? = nil) async throws
        -> Response
    {
        let text = DashboardText.strings(user.language)
        let interval = await operations?.environmentFacts().first { $0.name.lowercased() == environment.lowercased() }?.pollInterval
        let all = try await store.mailboxes(environment: environment, state: nil)
        let pages = max(1, (all.count + Self.mailboxesPerPage - 1) / Self.mailboxesPerPage)
        let page = min(max(1, Self.integer("page", in: request) ?? 1), pages)
        let shown = Array(all.dropFirst((page - 1) * Self.mailboxesPerPage).prefix(Self.mailboxesPerPage))
        let mailboxes = try await MailboxRepresentation.list(shown, environment: environment, store: store).map { mailbox -> [String: Any] in
            [
                "address": mailbox.address,
                "syncPath": Self.environmentPath(environment) + "/mailboxes/"
                    + (mailbox.address.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? mailbox.address) + "/sync",
                "state": mailbox.state, "lastSuccess": mailbox.lastSuccessAt.map(Self.time) ?? text["never"] ?? "",
                "lastAttempt": mailbox.lastAttemptAt.map(Self.time) ?? text["never"] ?? "",
                "nextCycle": mailbox.state != "enrolled" || interval == nil ? "-"
                    : mailbox.lastAttemptAt.map { Self.time($0.addingTimeInterval(interval ?? 0)) } ?? text["soon"] ?? "",
                "lastFailure": mailbox.lastFailure.map { $0.message } ?? false, "failedItems": mailbox.failedItems,
                "heldBy": mailbox.heldBy ?? text["nobody"] ?? "", "leaseExpires": mailbox.leaseExpiresAt.map(Self.time) ?? false,
                "enrolled": mailbox.state == "enrolled",
            ]
        }
        let failures = try await store.failedItems(environment: environment, mailbox: nil).prefix(100).map { failure -> [String: Any] in
            [
                "record": failure.record.description, "mailbox": failure.mailbox.rawValue, "message": failure.message, "remedy": failure.remedy,
                "attempts": failure.attempts, "at": Self.time(failure.lastFailedAt),
                "retryPath": Self.environmentPath(environment) + "/failures/\(failure.id)/retry",
                "dismissPath": Self.environmentPath(environment) + "/failures/\(failure.id)/dismiss",
            ]
        }
        let conflicts = try await store.conflicts(environment: environment, matching: ConflictQuery(limit: Self.entriesPerPage))
        var values = base(user.language, title: environment, user: user)
        values["environment"] = environment
        values["environmentPath"] = Self.environmentPath(environment)
        values["done"] = Self.text("done", in: request, text: text)
        values["mailboxes"] = mailboxes
        values["pagination"] = Self.pagination(page: page, pages: pages, path: Self.environmentPath(environment), text: text)
        values["failures"] = failures
        values["hasFailures"] = !failures.isEmpty
        values["conflicts"] = conflicts.map { Self.conflictRow($0) }
        values["hasConflicts"] = !conflicts.isEmpty
        values["olderConflicts"] = conflicts.count == Self.entriesPerPage
            ? Self.environmentPath(environment) + "/conflicts?before=\(conflicts.last?.id ?? 0)" : false
        values["kinds"] = EntityKind.allCases.map { ["value": $0.rawValue] }
        values["back"] = Self.environmentPath(environment)
        values["canVerify"] = operations != nil
        values["verification"] = verification.map { summary -> [String: Any] in
            [
                "succeeded": summary.succeeded,
                "checks": summary.checks.map { ["name": $0.name, "status": $0.status, "statusText": text["check" + $0.status] ?? $0.status, "detail": $0.detail] },
                "diagnostics": summary.diagnostics.map { ["code": $0.upstreamCode ?? $0.code, "what": $0.what, "cause": $0.cause, "fix": $0.fix] },
            ]
        } ?? false
        return renderer.page("dashboard-environment", values)
    }

    func conflictsPage(_ environment: String, user: Operator, request: Request) async throws -> Response {
        let text = DashboardText.strings(user.language)
        let before = Self.integer("before", in: request).map(Int64.init)
        let conflicts = try await store.conflicts(environment: environment, matching: ConflictQuery(before: before, limit: Self.entriesPerPage))
        var values = base(user.language, title: text["conflictsTitle"] ?? "", user: user)
        values["environment"] = environment
        values["environmentPath"] = Self.environmentPath(environment)
        values["conflicts"] = conflicts.map { Self.conflictRow($0) }
        values["hasConflicts"] = !conflicts.isEmpty
        values["older"] = conflicts.count == Self.entriesPerPage
            ? Self.environmentPath(environment) + "/conflicts?before=\(conflicts.last?.id ?? 0)" : false
        values["newest"] = before != nil ? Self.environmentPath(environment) + "/conflicts" : false
        return renderer.page("dashboard-conflicts", values)
    }

    func tracePage(_ environment: String, user: Operator, request: Request) async throws -> Response {
        let text = DashboardText.strings(user.language)
        let kind = request.uri.queryParameters["entity"].flatMap { EntityKind(rawValue: String($0)) } ?? .contact
        let id = request.uri.queryParameters["id"].map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        var values = base(user.language, title: text["traceTitle"] ?? "", user: user)
        values["environment"] = environment
        values["environmentPath"] = Self.environmentPath(environment)
        values["id"] = id
        values["kinds"] = EntityKind.allCases.map { ["value": $0.rawValue, "selected": $0 == kind] }
        guard !id.isEmpty, id.count <= 256 else {
            values["idError"] = id.isEmpty ? false : text["idError"] ?? ""
            return renderer.page("dashboard-trace", values, status: id.isEmpty ? .ok : .unprocessableContent)
        }
        let record = RecordKey(kind, RecordID(id))
        let before = Self.integer("before", in: request).map(Int64.init)
        let decisions = try await store.decisions(
            environment: environment, matching: DecisionQuery(record: record, before: before, limit: Self.entriesPerPage))
        values["searched"] = true
        values["decisions"] = decisions.map { entry -> [String: Any] in
            [
                "at": Self.time(entry.decidedAt), "mailbox": entry.decision.mailbox?.rawValue ?? "", "action": entry.decision.action.rawValue,
                "target": entry.decision.target.rawValue, "fields": entry.decision.fields.joined(separator: ", "), "reason": entry.decision.reason,
            ]
        }
        values["hasDecisions"] = !decisions.isEmpty
        let query = "entity=\(kind.rawValue)&id=\(id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        values["older"] = decisions.count == Self.entriesPerPage
            ? Self.environmentPath(environment) + "/trace?\(query)&before=\(decisions.last?.id ?? 0)" : false
        let conflicts = try await store.conflicts(environment: environment, matching: ConflictQuery(record: record, limit: Self.entriesPerPage))
        values["conflicts"] = conflicts.map { Self.conflictRow($0) }
        values["hasConflicts"] = !conflicts.isEmpty
        return renderer.page("dashboard-trace", values)
    }

    func invitationsPage(_ user: Operator, made: (link: String, environment: String)?, errors: [String: String], status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        let text = DashboardText.strings(user.language)
        var values = base(user.language, title: text["invitationsTitle"] ?? "", user: user)
        values["isInvitations"] = true
        guard user.client.isUnscoped else {
            values["notice"] = text["invitationsUnscoped"] ?? ""
            return renderer.page("dashboard-invitations", values, status: .forbidden)
        }
        guard issuer != nil else {
            values["notice"] = text["invitationsOff"] ?? ""
            return renderer.page("dashboard-invitations", values)
        }
        let now = clock()
        values["enabled"] = true
        values["invitations"] = try await store.invitations().prefix(200).map { invitation -> [String: Any] in
            let status = invitation.spentAt != nil ? "spent" : invitation.expiresAt <= now ? "expired" : "pending"
            return [
                "environment": invitation.environment, "language": invitation.language, "created": Self.time(invitation.createdAt),
                "expires": Self.time(invitation.expiresAt), "status": text[status] ?? status, "badge": status == "pending" ? "warn" : status == "spent" ? "ok" : "bad",
            ]
        }
        values["made"] = made.map { ["link": $0.link, "environment": $0.environment] } ?? false
        values["errors"] = errors
        return renderer.page("dashboard-invitations", values, status: status)
    }

    func invite(_ form: FormBody, user: Operator) async throws -> Response {
        guard user.client.isUnscoped, let issuer else { return try await invitationsPage(user, made: nil, errors: [:], status: .forbidden) }
        let text = DashboardText.strings(user.language)
        let environment = form["environment"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let days = Int(form["days"] ?? "7") ?? 0
        do {
            let (link, invitation) = try await issuer.invite(
                environment: environment, language: form["language"] ?? "fr", validFor: .seconds(max(0, days) * 86_400))
            return try await invitationsPage(user, made: (link.absoluteString, invitation.environment), errors: [:])
        } catch let failure as InvitationIssuer.Failure {
            let errors: [String: String] =
                switch failure {
                case .invalidEnvironmentName: ["environment": text["environmentNameError"] ?? ""]
                case .invalidValidity: ["days": text["daysError"] ?? ""]
                case .invalidLanguage: ["language": "fr / en"]
                }
            return try await invitationsPage(user, made: nil, errors: errors, status: .unprocessableContent)
        }
    }

    // MARK: - Formatting

    static func conflictRow(_ entry: ConflictEntry) -> [String: Any] {
        [
            "at": time(entry.detectedAt), "mailbox": entry.conflict.mailbox.rawValue, "record": entry.conflict.record.description,
            "fields": entry.conflict.fields.map(\.name).joined(separator: ", "), "winner": entry.conflict.winner.rawValue,
            "policy": entry.conflict.policy,
        ]
    }

    static func pagination(page: Int, pages: Int, path: String, text: [String: String]) -> Any {
        guard pages > 1 else { return false }
        return [
            "page": page, "pages": pages,
            "previous": page > 1 ? "\(path)?page=\(page - 1)" : false,
            "next": page < pages ? "\(path)?page=\(page + 1)" : false,
        ] as [String: Any]
    }

    /// A notice named by the `done` query parameter after an action (its words, never the parameter).
    static func text(_ name: String, in request: Request, text: [String: String]) -> Any {
        guard let key = request.uri.queryParameters[name[...]].map(String.init), ["syncRequested", "retried", "dismissed"].contains(key) else {
            return false
        }
        return text[key] ?? false
    }

    static func integer(_ name: String, in request: Request) -> Int? {
        request.uri.queryParameters[name[...]].flatMap { Int(String($0)) }.flatMap { $0 > 0 ? $0 : nil }
    }

    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }

    static func day(_ date: Date) -> String { OnboardingPortal.day(date) }
}
