import ExchangeSimulator
import Foundation
import SimulatorTestSupport
import Testing

/// The secret canary, extended to the pages and the store file: a customer's client secret
/// (right or wrong), the operator's API key and the service's secrets key appear in no page the
/// dashboard or the onboarding shows, and in no byte of the store file.
@Suite("No secret in a page or the store file")
struct PageSecretCanaryTests {
    static let canarySecret = "canary-secret~7f3a9c-do-not-print"
    static let wrongCanary = "canary-wrong~51be07-do-not-print"

    @Test("Onboarding with a canary secret, then every page: the secret, the key and the secrets key are nowhere")
    func nowhere() async throws {
        try await PortalWorld.with { world in
            // The customer's app has the canary as its secret.
            world.simulator.identity.updateApp(tenantId: SimulatorFixture.contosoTenant, clientId: SimulatorFixture.contosoApp) { app in
                app.secrets = [SecretSeed(id: "canary", value: Self.canarySecret, expiresOn: Date().addingTimeInterval(365 * 86_400))]
            }
            let (link, _) = try await world.issuer.invite(environment: "contoso", language: "en")
            let customer = PageClient(base: world.base)
            var pages: [PageClient.Page] = []
            let form: [(String, String)] = [
                ("tenantId", SimulatorFixture.contosoTenant), ("applicationId", SimulatorFixture.contosoApp), ("credential", "secret"),
                ("mailbox", SimulatorFixture.alice.rawValue),
            ]
            pages.append(try await customer.get(link.path))
            pages.append(try await customer.post(link.path, form: form + [("clientSecret", Self.wrongCanary)]))
            #expect(pages.last?.status == 422)
            pages.append(try await customer.post(link.path, form: form + [("clientSecret", Self.canarySecret)]))
            #expect(pages.last?.status == 200, "onboarded")
            pages.append(try await customer.get(link.path))

            let operatorBrowser = PageClient(base: world.base)
            pages.append(try await DashboardTests.signIn(operatorBrowser, key: DashboardTests.opsKey))
            for path in [
                "/dashboard", "/dashboard/environments/contoso", "/dashboard/environments/prextra", "/dashboard/environments/contoso/conflicts",
                "/dashboard/environments/prextra/trace?entity=contact&id=C1", "/dashboard/invitations", "/dashboard/sign-in",
            ] {
                let page = try await operatorBrowser.get(path)
                #expect(page.status == 200, "\(path)")
                pages.append(page)
            }
            for page in pages {
                for secret in [Self.canarySecret, Self.wrongCanary, DashboardTests.opsKey, OnboardingPortalTests.key] {
                    #expect(!page.text.contains(secret), "a page shows a secret")
                    #expect(!page.headers.contains { $0.1.contains(secret) }, "a header carries a secret")
                }
            }
            let bytes = try world.storeBytes()
            #expect(!bytes.isEmpty)
            for secret in [Self.canarySecret, Self.wrongCanary, DashboardTests.opsKey, OnboardingPortalTests.key] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "the store file holds a secret in clear")
            }
            #expect(try await world.store.onboardedEnvironments().first?.credentialKind == .secret)
        }
    }
}
