/// Validation and manipulation of ZooKeeper paths.
///
/// Paths are validated before they reach the C client, with the server's rules: absolute, no
/// empty, `.` or `..` component, no trailing slash (except for a sequential create, whose
/// suffix follows), no NUL and none of the control or reserved characters the server rejects.
public enum ZooKeeperPath {
    /// Checks a path and throws `ZooKeeperError` with code `invalidPath` explaining why it is not valid.
    ///
    /// - Parameters:
    ///   - path: the path to check.
    ///   - isSequential: whether the path is the prefix of a sequential create, which may end in `/`.
    ///   - operation: the operation named in the error.
    public static func validate(_ path: String, isSequential: Bool = false, operation: String = "validate") throws {
        if let reason = problem(in: isSequential ? path + "1" : path) {
            throw ZooKeeperError(code: .invalidPath, operation: operation, path: path, detail: reason)
        }
    }

    /// Joins a parent path and a child name.
    public static func join(_ parent: String, _ child: String) -> String {
        parent == "/" ? "/" + child : parent + "/" + child
    }

    /// The parent of a path (`/` for a top-level node and for the root).
    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// The last component of a path (empty for the root).
    public static func lastComponent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Every ancestor of a path below the root, outermost first (`/a/b/c` gives `/a`, `/a/b`).
    public static func ancestors(of path: String) -> [String] {
        var result: [String] = []
        var current = ""
        let components = path.split(separator: "/")
        for component in components.dropLast() {
            current += "/" + component
            result.append(current)
        }
        return result
    }

    static func problem(in path: String) -> String? {
        guard !path.isEmpty else { return "a path must not be empty" }
        guard path.first == "/" else { return "a path must start with '/'" }
        if path == "/" { return nil }
        guard path.last != "/" else { return "a path must not end with '/'" }
        var componentStart = true
        var component = ""
        for scalar in path.unicodeScalars.dropFirst() {
            let value = scalar.value
            if value == 0 { return "a path must not contain a NUL character" }
            if (0x01...0x1F).contains(value) || (0x7F...0x9F).contains(value)
                || (0xD800...0xF8FF).contains(value) || (0xFFF0...0xFFFF).contains(value)
            {
                return "a path must not contain the character U+\(String(value, radix: 16, uppercase: true))"
            }
            if scalar == "/" {
                if componentStart { return "a path must not contain an empty component ('//')" }
                if component == "." || component == ".." { return "a path must not contain a '\(component)' component" }
                componentStart = true
                component = ""
            } else {
                componentStart = false
                component.unicodeScalars.append(scalar)
            }
        }
        if component == "." || component == ".." { return "a path must not contain a '\(component)' component" }
        return nil
    }
}
