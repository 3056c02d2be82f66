import ChildProcessSupport
import ExchangeSimulator
import Foundation
import Testing

/// A third-party client, Python's `msal`, against the simulator's Entra ID over HTTPS:
/// OpenID discovery, secret and certificate (PS256, `x5t#S256`, `x5c`) credentials, errors.
/// Skipped when python3 lacks msal, unless `PREXTRA_REQUIRE_INTEROP` is set (scripts/test.sh sets it
/// in CI): then the missing module fails the run instead of hiding the suite.
@Suite(
    .enabled(
        if: msalAvailable || ProcessInfo.processInfo.environment["PREXTRA_REQUIRE_INTEROP"] != nil,
        "python3 with msal is not installed (run scripts/test.sh)"))
struct MSALInteroperabilityTests {

    static let script = """
    import json, sys, msal
    authority, ca, client, secret, cert, key = sys.argv[1:7]
    credential = secret if secret else {"private_key": open(key).read(), "public_certificate": open(cert).read()}
    app = msal.ConfidentialClientApplication(client, client_credential=credential, authority=authority,
                                             instance_discovery=False, verify=ca, token_cache=msal.TokenCache())
    first = app.acquire_token_for_client(scopes=["https://outlook.office365.com/.default"])
    second = app.acquire_token_for_client(scopes=["https://outlook.office365.com/.default"])
    print(json.dumps({"token": first.get("access_token"), "error": first.get("error"),
                      "codes": first.get("error_codes"), "second_source": second.get("token_source")}))
    """

    struct Outcome: Decodable {
        var token: String?
        var error: String?
        var codes: [Int]?
        var second_source: String?
    }

    @Test func msalGetsTokensWithSecretAndCertificate() async throws {
        let clock = TestClock(Date())
        let simulator = try makeSimulator(clock: clock)
        let tls = try SimulatorTLSIdentity.generate()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("msal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files = (script: directory.appendingPathComponent("client.py").path, ca: directory.appendingPathComponent("ca.pem").path,
                     cert: directory.appendingPathComponent("cert.pem").path, key: directory.appendingPathComponent("key.pem").path)
        try Self.script.write(toFile: files.script, atomically: true, encoding: .utf8)
        try tls.trustRootPEM.write(toFile: files.ca, atomically: true, encoding: .utf8)
        try TestTenant.certificate.certificatePEM.write(toFile: files.cert, atomically: true, encoding: .utf8)
        try TestTenant.certificate.privateKeyPEM.write(toFile: files.key, atomically: true, encoding: .utf8)

        try await withEntraServer(simulator, tls: tls) { base in
            let authority = "\(base.absoluteString)/\(TestTenant.tenantId)"
            func run(client: String, secret: String) async throws -> Outcome {
                let result = try await runPython([files.script, authority, files.ca, client, secret, files.cert, files.key])
                #expect(result.status == 0, "msal failed: \(result.stderr.suffix(600))")
                return try JSONDecoder().decode(Outcome.self, from: Data(result.stdout.utf8))
            }

            let withSecret = try await run(client: TestTenant.goodApp, secret: TestTenant.canarySecret)
            let token = try #require(withSecret.token)
            let validated = try simulator.validate(bearer: token, expectedAudiences: SimulatedResource.exchangeOnline.acceptedAudiences)
            #expect(validated.roles == ["full_access_as_app"])
            #expect(withSecret.second_source == "cache")

            let withCertificate = try await run(client: TestTenant.certificateApp, secret: "")
            #expect(withCertificate.token != nil, "certificate assertion refused: \(withCertificate.error ?? "") \(withCertificate.codes ?? [])")

            let wrong = try await run(client: TestTenant.goodApp, secret: "wrong-value")
            #expect(wrong.error == "invalid_client" && wrong.codes == [7000215])
        }
    }
}

let msalAvailable: Bool = {
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    probe.arguments = ["python3", "-c", "import msal"]
    probe.standardOutput = FileHandle.nullDevice
    probe.standardError = FileHandle.nullDevice
    guard (try? probe.run()) != nil else { return false }
    probe.waitUntilExit()  // once, while the suite's traits are evaluated, before any test runs
    return probe.terminationStatus == 0
}()

/// Runs python3 with a clean CA environment (requests would prefer REQUESTS_CA_BUNDLE).
func runPython(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
    var environment = ProcessInfo.processInfo.environment
    environment["REQUESTS_CA_BUNDLE"] = nil
    environment["CURL_CA_BUNDLE"] = nil
    let outcome = try await ChildProcess.run(
        URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3"] + arguments, environment: environment)
    return (outcome.status, outcome.standardOutput, outcome.standardError)
}
