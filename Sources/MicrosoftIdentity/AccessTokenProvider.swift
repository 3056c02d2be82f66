/// Something that hands out bearer tokens for one resource (EWS or Graph) of one tenant.
///
/// Protocol clients (`ExchangeWebServices`, a future Graph client) depend on this
/// protocol only, so that they can be used with any token source.
public protocol AccessTokenProvider: Sendable {
    /// A token valid for at least a few more minutes.
    ///
    /// - Parameter forceRefresh: set after the resource server answered 401 to a
    ///   request made with the previously returned token; the provider then asks
    ///   the identity platform for a new one instead of serving its cache. A provider may still
    ///   return the same token when it was obtained moments ago (a burst of 401s then costs one
    ///   request, not one each), so a caller retries at most once.
    func accessToken(forceRefresh: Bool) async throws -> AccessToken
}

extension AccessTokenProvider {
    public func accessToken() async throws -> AccessToken {
        try await accessToken(forceRefresh: false)
    }
}
