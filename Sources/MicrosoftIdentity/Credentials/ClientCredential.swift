/// How the app proves its identity to Entra ID.
public enum ClientCredential: Sendable, CustomStringConvertible {
    case secret(ClientSecret)
    case certificate(ClientCertificate)

    public var description: String {
        switch self {
        case .secret: "client secret"
        case .certificate(let certificate): "certificate \(certificate.thumbprintSHA1Hex)"
        }
    }
}
