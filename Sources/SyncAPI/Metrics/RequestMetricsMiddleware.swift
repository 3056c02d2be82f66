import Hummingbird

/// Counts requests and times them, labelled by route pattern, method and status.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: APIMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        metrics.recordRequest(
            route: context.endpointPath ?? "unknown", method: request.method.rawValue, status: Int(response.status.code),
            duration: started.duration(to: .now))
        return response
    }
}
