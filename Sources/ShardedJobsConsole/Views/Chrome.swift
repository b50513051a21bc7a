#if Console
/// What every page's header and footer show: title, namespace, who is logged in, the last
/// action's outcome, and the session's CSRF token for the page's forms.
struct Chrome: Sendable {
    /// The page's title.
    let title: String
    /// The namespace shown.
    let namespace: String
    /// The logged-in user, if any.
    let user: String?
    /// The session's CSRF token (empty when not logged in).
    let csrf: String
    /// Whether the action buttons are shown (an operator is logged in).
    let canAct: Bool
    /// Whether credentials are configured at all (else the login link explains why not).
    let actionsConfigured: Bool
    /// The outcome of the last action, shown once.
    let flash: Flash?
    /// The page's path, where a login returns to.
    let returnTo: String
}

/// A one-time message about the last action: what it did, or why it failed.
struct Flash: Sendable, Hashable {
    /// The text.
    let text: String
    /// Whether it reports a failure.
    let isError: Bool
}
#endif
