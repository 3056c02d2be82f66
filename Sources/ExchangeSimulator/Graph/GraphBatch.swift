import Foundation

/// `POST /v1.0/$batch`: JSON batching as Graph does it, strictly.
/// - at most 20 requests, ids unique; `url` relative to `/v1.0` (an absolute URL, as
///   msgraph-core 1.5.2 writes, gets 400 for that request, as on Graph);
/// - `dependsOn` names earlier requests only; `depends_on` (msgraph-core's spelling) is not
///   Graph's and is ignored;
/// - independent requests run four at a time (Outlook's concurrency per mailbox), in the batch's
///   order; a request waits for those it depends on, and gets 424 `FailedDependency` when one failed.
struct GraphBatch {
    static let maximumRequests = 20
    static let concurrentRequests = 4
    let endpoint: GraphEndpoint

    func run(_ request: GraphRequest, claims: AppTokenClaims) async throws(GraphError) -> GraphHTTPResponse {
        let body: GraphJSON
        do { body = try GraphJSON.parse(request.body) } catch { throw GraphError.badRequest("Invalid batch payload format.") }
        guard let items = body["requests"]?.arrayValue else { throw GraphError.badRequest("Invalid batch payload format.") }
        guard !items.isEmpty else { throw GraphError.badRequest("Invalid batch payload format: the batch holds no requests.") }
        guard items.count <= Self.maximumRequests else {
            throw GraphError.badRequest("Invalid batch payload format: a batch may hold at most \(Self.maximumRequests) requests, not \(items.count).")
        }
        var seen: Set<String> = []
        var plans: [(id: String, method: String, url: String, headers: [String: String], body: GraphJSON?, dependsOn: [String])] = []
        for item in items {
            guard let id = item["id"]?.stringValue, !id.isEmpty else { throw GraphError.badRequest("Invalid batch payload format: every request needs an 'id'.") }
            guard !seen.contains(id) else { throw GraphError.badRequest("Invalid batch payload format: the request id '\(id)' is used twice.") }
            guard let method = item["method"]?.stringValue, let url = item["url"]?.stringValue else {
                throw GraphError.badRequest("Invalid batch payload format: request '\(id)' needs 'method' and 'url'.")
            }
            let dependsOn = (item["dependsOn"]?.arrayValue ?? []).compactMap(\.stringValue)
            for dependency in dependsOn where !seen.contains(dependency) {
                throw GraphError.badRequest("Invalid dependency for request Id '\(id)': '\(dependency)' is not an earlier request of the batch.")
            }
            var headers: [String: String] = [:]
            for member in item["headers"]?.members ?? [] { headers[member.key.lowercased()] = member.value.stringValue ?? member.value.serialized() }
            seen.insert(id)
            plans.append((id, method.uppercased(), url, headers, item["body"], dependsOn))
        }
        // Independent requests run four at a time (Outlook's concurrency per mailbox), in order of
        // the batch; a request waits for the requests it depends on.
        var statuses: [String: Int] = [:]
        var answers = [GraphHTTPResponse?](repeating: nil, count: plans.count)
        var next = 0
        while next < plans.count {
            var wave: [Int] = []
            while next < plans.count, wave.count < Self.concurrentRequests, plans[next].dependsOn.allSatisfy({ statuses[$0] != nil }) {
                wave.append(next)
                next += 1
            }
            if wave.isEmpty {
                wave = [next]
                next += 1
            }
            let settled = statuses
            let results = await withTaskGroup(of: (Int, GraphHTTPResponse).self) { group in
                for index in wave {
                    let plan = plans[index]
                    group.addTask {
                        if let failed = plan.dependsOn.first(where: { !(200..<300).contains(settled[$0] ?? 0) }) {
                            return (
                                index,
                                GraphEndpoint.errorResponse(
                                    GraphError(424, "FailedDependency", "The request depends on request '\(failed)', which failed."),
                                    requestId: UUID().uuidString.lowercased(), clientRequestId: nil)
                            )
                        }
                        return (index, await runOne(plan.method, plan.url, headers: plan.headers, body: plan.body, outer: request, claims: claims))
                    }
                }
                var results: [(Int, GraphHTTPResponse)] = []
                for await result in group { results.append(result) }
                return results
            }
            for (index, response) in results {
                answers[index] = response
                statuses[plans[index].id] = response.status
            }
        }
        var responses: [GraphJSON] = []
        for (plan, answer) in zip(plans, answers) {
            guard let response = answer else { continue }
            var fields: [GraphJSON.Member] = [.init("id", .string(plan.id)), .init("status", .integer(Int64(response.status)))]
            var headers = response.headers
            headers["Content-Type"] = headers["Content-Type"] ?? (response.body == nil ? nil : "application/json")
            fields.append(.init("headers", .object(headers.sorted { $0.key < $1.key }.map { .init($0.key, .string($0.value)) })))
            if let body = response.body { fields.append(.init("body", body)) }
            responses.append(.object(fields))
        }
        return .json(.fields(["responses": .array(responses)]))
    }

    private func runOne(
        _ method: String, _ url: String, headers: [String: String], body: GraphJSON?, outer: GraphRequest, claims: AppTokenClaims
    ) async -> GraphHTTPResponse {
        let requestId = UUID().uuidString.lowercased()
        if url.lowercased().hasPrefix("http:") || url.lowercased().hasPrefix("https:") || url.hasPrefix("//") {
            let segment = url.split(separator: "/").first.map(String.init) ?? url
            return GraphEndpoint.errorResponse(GraphError.resourceNotFound(segment), requestId: requestId, clientRequestId: nil)
        }
        var target = url.hasPrefix("/") ? url : "/" + url
        if target.hasPrefix(GraphEndpoint.pathPrefix + "/") { target = String(target.dropFirst(GraphEndpoint.pathPrefix.count)) }
        var itemHeaders = headers
        itemHeaders["authorization"] = outer.header("authorization")
        let data = body.map { Data($0.serialized().utf8) } ?? Data()
        let request = GraphRequest(method: method, target: target, headers: itemHeaders, body: data, origin: outer.origin)
        if request.segments?.first == "$batch" {
            return GraphEndpoint.errorResponse(GraphError.badRequest("A batch cannot contain a batch."), requestId: requestId, clientRequestId: nil)
        }
        var response: GraphHTTPResponse
        var mailbox = ""
        do {
            let answer = try await endpoint.dispatch(request, claims: claims)
            response = answer.response
            mailbox = answer.mailbox
            if response.dropsConnection {
                response = GraphEndpoint.errorResponse(
                    GraphError(503, "ServiceUnavailable", "The service is temporarily unavailable.", headers: ["Retry-After": "1"]), requestId: requestId,
                    clientRequestId: nil)
            }
        } catch {
            response = GraphEndpoint.errorResponse(error, requestId: requestId, clientRequestId: nil)
        }
        // Each request of a batch is logged too, as `Graph $batch METHOD PATH` (before the batch's
        // own entry), so that the log counts reads and writes whichever way they travelled, and
        // requests on the wire apart.
        endpoint.exchange.record(
            EWSRequestRecord(
                operation: "Graph $batch \(method) \(request.path)", tenantId: claims.tenantId, mailbox: mailbox, httpStatus: response.status,
                responseCode: response.errorCode ?? "NoError", receivedAt: Date()))
        return response
    }
}
