/// A job type recorded in `/{job}` under a fixed name instead of its Swift type name, as
/// ElasticJob records its built-in types (`SCRIPT`, `HTTP`).
///
/// Tools that read `/{job}` — and `sharded-worker`, which hosts jobs defined by configuration
/// alone — recognise these names.
public protocol NamedJobType {
    /// The name written to `/{job}`.
    static var jobTypeName: String { get }
}
