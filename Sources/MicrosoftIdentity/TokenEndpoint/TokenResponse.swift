import Foundation

/// A successful client-credentials answer.
struct TokenResponse: Sendable {
    var accessToken: String
    var expiresIn: Int
    var extExpiresIn: Int?
    var refreshIn: Int?

    /// Reads the JSON body; `expires_in` may be a number (v2) or a string (v1).
    init?(json: [String: Any]) {
        guard let token = json["access_token"] as? String, !token.isEmpty,
              let expiresIn = Self.seconds(json["expires_in"]) else { return nil }
        self.accessToken = token
        self.expiresIn = expiresIn
        self.extExpiresIn = Self.seconds(json["ext_expires_in"])
        self.refreshIn = Self.seconds(json["refresh_in"])
    }

    private static func seconds(_ value: Any?) -> Int? {
        if let number = value as? NSNumber { return number.intValue }
        if let text = value as? String { return Int(text) }
        return nil
    }

    func accessToken(receivedAt now: Date) -> AccessToken {
        AccessToken(
            value: accessToken, expiresOn: now.addingTimeInterval(TimeInterval(expiresIn)),
            refreshOn: refreshIn.map { now.addingTimeInterval(TimeInterval($0)) })
    }
}
