/// `translateExchangeIds`: stored EWS ItemIds to Graph (immutable) ids, for the move from EWS.
extension GraphClient {
    /// Graph's limit of ids in one call.
    public static let maxTranslatedIDsPerCall = 1000

    private struct TranslateBody: Encodable {
        var inputIds: [String]
        var sourceIdType: ExchangeIdFormat
        var targetIdType: ExchangeIdFormat
    }

    private struct TranslateAnswer: Decodable {
        var value: [ConvertIdResult]
    }

    /// Translates ids of one mailbox, 1,000 per call, answers in input order. An id Graph could not
    /// translate comes back with `errorDetails` instead of `targetId`.
    public func translateExchangeIDs(
        _ ids: [String], from source: ExchangeIdFormat = .ewsId, to target: ExchangeIdFormat = .restImmutableEntryId, mailbox: String
    ) async throws -> [ConvertIdResult] {
        var results: [ConvertIdResult] = []
        var start = ids.startIndex
        while start < ids.endIndex {
            let end = min(start + Self.maxTranslatedIDsPerCall, ids.endIndex)
            let body = try encode(TranslateBody(inputIds: Array(ids[start..<end]), sourceIdType: source, targetIdType: target), operation: "translateExchangeIds")
            let answer = try await call(
                GraphRequest(
                    operation: "translateExchangeIds", mailbox: mailbox, method: .POST,
                    url: url(GraphPath.user(mailbox).appending("translateExchangeIds")), body: body),
                as: TranslateAnswer.self)
            results += answer.value
            start = end
        }
        return results
    }
}
