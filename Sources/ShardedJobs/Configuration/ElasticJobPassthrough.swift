/// The parts of an ElasticJob configuration this library reads and writes back unchanged but
/// does not use, so that a configuration written by ElasticJob (or by an operator) survives a
/// round trip byte for byte.
///
/// Not part of the Swift API: tools of this package reach them through
/// ``JobConfiguration/wire``.
struct ElasticJobPassthrough: Sendable, Hashable {
    /// `jobListenerTypes`: the JVM listener classes ElasticJob instantiates (listeners are
    /// values registered with the job here).
    var jobListenerTypes: [String] = []
    /// `jobExecutorThreadPoolSizeProviderType`: ElasticJob's pool sizing (one bounded pool
    /// serves every job here).
    var jobExecutorThreadPoolSizeProviderType: String?
    /// A negative `maxTimeDiffSeconds` other than `-1` as read (every negative value turns the
    /// check off, ``JobConfiguration/maxTimeDiff`` is then `nil`), written back in place of `-1`.
    var maxTimeDiffSecondsOff: Int?
}
