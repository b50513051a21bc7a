import ArgumentParser
import ServiceLifecycle
import Tracing
#if OpenTelemetry
import OTel
#endif

/// The worker's span export (`--otlp`): swift-otel's tracer bootstrapped as the process's, so
/// that the scheduler — which uses `InstrumentationSystem.tracer` when its settings name no
/// tracer — runs every item execution in a span, and the batch exporter that sends the spans
/// over OTLP/HTTP.
///
/// Where and how is swift-otel's standard environment: `OTEL_EXPORTER_OTLP_ENDPOINT` (default
/// `http://localhost:4318`), `OTEL_EXPORTER_OTLP_PROTOCOL` (`http/protobuf` or `http/json`),
/// `OTEL_SERVICE_NAME`, `OTEL_BSP_SCHEDULE_DELAY`, …
enum SpanExport {
    /// Bootstraps the tracer when `enabled`; returns the exporter's service, to run before the
    /// scheduler in the group (it stops after it, and flushes the last spans).
    static func start(enabled: Bool) throws -> [ServiceGroupConfiguration.ServiceConfiguration] {
        guard enabled else { return [] }
        #if OpenTelemetry
        var configuration = OTel.Configuration.default
        configuration.serviceName = "example-worker"
        configuration.traces.exporter = .otlp
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(backend.factory)
        return [.init(service: backend.service)]
        #else
        throw ValidationError("--otlp: built without the OpenTelemetry trait (swift build --enable-all-traits)")
        #endif
    }
}
