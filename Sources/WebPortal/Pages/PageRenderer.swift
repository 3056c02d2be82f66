import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Renders the server-side pages: Mustache templates shipped with the module (HTML-escaped by
/// default), a small stylesheet, no script. Every page is sent with headers that keep it out of
/// caches and frames and forbid scripts and foreign resources.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary
    /// The stylesheet every page links.
    let stylesheet: String

    public static func load() async throws -> PageRenderer {
        let resources = Bundle.module.url(forResource: "Resources", withExtension: nil)
            ?? Bundle.module.bundleURL.appendingPathComponent("Resources", isDirectory: true)
        let library = try await MustacheLibrary(directory: resources.appendingPathComponent("Templates").path)
        let stylesheet = try String(contentsOf: resources.appendingPathComponent("portal.css"), encoding: .utf8)
        return PageRenderer(library: library, stylesheet: stylesheet)
    }

    /// Headers of every page: no caching (pages may show a link's token or an operator's
    /// data), no framing, no script, nothing loaded from elsewhere, no referrer (a page's
    /// address may hold a token).
    static let securityHeaders: [(HTTPField.Name, String)] = [
        (.cacheControl, "no-store"),
        (.contentSecurityPolicy, "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        (HTTPField.Name("X-Frame-Options")!, "DENY"),
        (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
    ]

    /// The page `template` rendered with `values`, as an HTML response.
    func page(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok, extraHeaders: HTTPFields = [:]) -> Response {
        let html = library.render(values, withTemplate: template) ?? "<!doctype html><title>Error</title><p>Missing page \(template).</p>"
        var headers = extraHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        for (name, value) in Self.securityHeaders { headers[name] = value }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The stylesheet, cacheable for an hour.
    func stylesheetResponse() -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(string: stylesheet)))
    }
}
