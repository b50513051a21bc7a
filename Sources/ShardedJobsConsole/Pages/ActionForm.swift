/// The fields a console form posts: the CSRF token always, the configuration text for the
/// editor.
struct ActionForm: Decodable, Sendable {
    /// The session's CSRF token, from the form's hidden field.
    var csrf: String?
    /// The edited configuration (the editor only).
    var configuration: String?
}
