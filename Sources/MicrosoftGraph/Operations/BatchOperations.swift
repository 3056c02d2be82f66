import Foundation
import NIOCore
import NIOHTTP1

extension GraphClient {
    /// Graph's limit of requests in one `$batch`.
    public static let maxBatchSize = 20

    /// Sends requests through `POST /$batch`, at most 20 at a time. Requests tied by `dependsOn`
    /// stay in the same batch (a chain longer than 20 is refused); otherwise the order is kept.
    /// Every item carries `Prefer: IdType="ImmutableId"` (and the time zone on GETs). Answers are
    /// returned in request order; a failed item is an answer with its status, not a thrown error.
    public func batch(_ requests: [GraphBatchRequest], mailbox: String?) async throws -> [GraphBatchResponse] {
        let chunks = try Self.batchChunks(requests)
        var answers: [String: GraphBatchResponse] = [:]
        for chunk in chunks {
            var pending = chunk
            var attempt = 0
            while true {
                attempt += 1
                let body = try batchBody(pending)
                let response = try await send(
                    GraphRequest(
                        operation: "$batch", mailbox: mailbox, method: .POST, url: url(GraphPath().appending("$batch")), body: body,
                        isIdempotent: pending.allSatisfy { $0.method == "GET" }))
                for answer in try Self.batchAnswers(response, mailbox: mailbox) { answers[answer.id] = answer }
                // Graph throttles each item on its own. A 429 item was not processed, so it (and
                // the dependants that failed with 424 because of it) is sent again, within the
                // retry policy, after the longest Retry-After of the throttled items.
                let retry = Self.throttledItems(pending, answers: answers)
                guard !retry.isEmpty else { break }
                let requested = retry.compactMap { answers[$0.id].flatMap { GraphTransport.retryAfter(NIOHTTPHeadersBridge.headers($0.headers)) } }.max()
                guard let delay = configuration.retryPolicy.delay(afterAttempt: attempt, serverRequested: requested, random: transport.jitter()) else { break }
                try await transport.sleeper.sleep(for: delay)
                pending = retry
            }
        }
        return try requests.map { request in
            guard let answer = answers[request.id] else {
                throw GraphError(
                    kind: .malformedResponse, operation: "$batch", mailbox: mailbox,
                    message: "The $batch answer has no response for request \(request.id).")
            }
            return answer
        }
    }

    /// The items to send again: those answered 429, and those answered 424 that depend on one
    /// sent again; dependencies on items that succeeded are dropped.
    static func throttledItems(_ sent: [GraphBatchRequest], answers: [String: GraphBatchResponse]) -> [GraphBatchRequest] {
        var again: [GraphBatchRequest] = []
        var againIDs: Set<String> = []
        for request in sent {
            let status = answers[request.id]?.status
            let throttled = status == 429
            let failedWithThrottled = status == 424 && request.dependsOn.contains { againIDs.contains($0) }
            guard throttled || failedWithThrottled else { continue }
            var retried = request
            retried.dependsOn = request.dependsOn.filter { againIDs.contains($0) }
            again.append(retried)
            againIDs.insert(request.id)
        }
        return again
    }

    /// Splits requests into batches of at most 20, keeping each dependency group together.
    static func batchChunks(_ requests: [GraphBatchRequest]) throws -> [[GraphBatchRequest]] {
        var index: [String: Int] = [:]
        for (position, request) in requests.enumerated() {
            guard index[request.id] == nil else {
                throw GraphError(kind: .invalidRequest, operation: "$batch", message: "Two requests have the id \(request.id).")
            }
            guard request.url.hasPrefix("/"), !request.url.contains("://") else {
                throw GraphError(kind: .invalidRequest, operation: "$batch", message: "Request \(request.id) has a URL that is not relative to the service root.")
            }
            for dependency in request.dependsOn where index[dependency] == nil {
                throw GraphError(
                    kind: .invalidRequest, operation: "$batch",
                    message: "Request \(request.id) depends on \(dependency), which is not an earlier request.")
            }
            index[request.id] = position
        }
        // Union-find over dependsOn: a group is sent in one batch.
        var parent = Array(requests.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        for (position, request) in requests.enumerated() {
            for dependency in request.dependsOn { parent[root(position)] = root(index[dependency]!) }
        }
        var groups: [Int: [Int]] = [:]
        var order: [Int] = []
        for position in requests.indices {
            let group = root(position)
            if groups[group] == nil { order.append(group) }
            groups[group, default: []].append(position)
        }
        var chunks: [[GraphBatchRequest]] = []
        var current: [GraphBatchRequest] = []
        for group in order {
            let members = groups[group]!
            guard members.count <= maxBatchSize else {
                throw GraphError(
                    kind: .invalidRequest, operation: "$batch",
                    message: "\(members.count) requests depend on each other; a batch holds at most \(maxBatchSize).")
            }
            if current.count + members.count > maxBatchSize {
                chunks.append(current)
                current = []
            }
            current += members.map { requests[$0] }
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }

    func batchBody(_ chunk: [GraphBatchRequest]) throws -> [UInt8] {
        var items: [[String: Any]] = []
        for request in chunk {
            var headers = request.headers
            headers["Prefer"] = transport.preferHeader(method: HTTPMethod(rawValue: request.method), readsPages: false)
            var item: [String: Any] = ["id": request.id, "method": request.method, "url": request.url]
            if let body = request.body {
                headers["Content-Type"] = "application/json"
                do {
                    item["body"] = try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
                } catch {
                    throw GraphError(kind: .invalidRequest, operation: "$batch", message: "The body of request \(request.id) is not JSON.")
                }
            }
            item["headers"] = headers
            if !request.dependsOn.isEmpty { item["dependsOn"] = request.dependsOn }
            items.append(item)
        }
        return Array(try JSONSerialization.data(withJSONObject: ["requests": items], options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    static func batchAnswers(_ response: GraphResponse, mailbox: String?) throws -> [GraphBatchResponse] {
        func malformed(_ message: String) -> GraphError {
            GraphError(kind: .malformedResponse, operation: "$batch", mailbox: mailbox, message: message, requestID: response.headers.first(name: "request-id"))
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
        } catch {
            throw malformed("The $batch answer is not valid JSON.")
        }
        guard let root = object as? [String: Any], let responses = root["responses"] as? [[String: Any]] else {
            throw malformed("The $batch answer has no responses array.")
        }
        return try responses.map { entry in
            guard let id = entry["id"] as? String, let status = entry["status"] as? Int else {
                throw malformed("A $batch response lacks its id or status.")
            }
            let headers = (entry["headers"] as? [String: Any])?.compactMapValues { $0 as? String } ?? [:]
            var body: Data?
            if let value = entry["body"], !(value is NSNull) {
                body = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])
            }
            return GraphBatchResponse(id: id, status: status, headers: headers, body: body)
        }
    }
}

/// Dictionary headers of a batch item as NIO headers, for the shared error mapping.
enum NIOHTTPHeadersBridge {
    static func headers(_ fields: [String: String]) -> HTTPHeaders {
        HTTPHeaders(fields.map { ($0.key, $0.value) })
    }
}
