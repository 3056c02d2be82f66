import Foundation

/// Reads a secret given inline (`Name`), from an environment variable (`NameVariable`) or from
/// a file (`NameFile`). Exactly one of the three may be present.
struct SecretReferenceResolver: Sendable {
    enum Outcome {
        /// None of the three keys is present.
        case absent
        case resolved(Secret, SecretSource)
        /// A key is present but unusable; the problem is recorded.
        case failed
    }

    let environmentVariables: [String: String]
    /// Relative paths are resolved against the directory holding the configuration file.
    let baseDirectory: URL

    static func keys(for name: String) -> [String] { [name, name + "Variable", name + "File"] }

    func resolvePath(_ path: String) -> URL {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path) }
        if path.hasPrefix("~/") {
            return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(String(path.dropFirst(2)))
        }
        return baseDirectory.appendingPathComponent(path).standardizedFileURL
    }

    /// - Parameter what: how to call the secret in messages ("client secret", "API key").
    func resolve(
        _ name: String, in section: ConfigurationSection, prefix: String, what: String,
        into recorder: inout ProblemRecorder
    ) -> Outcome {
        let variableKey = name + "Variable", fileKey = name + "File"
        let present = Self.keys(for: name).filter { section.contains($0) && section.value(forKey: $0) != .null }
        if present.count > 1 {
            recorder.error(
                .conflictingKeys, key: prefix + present.joined(separator: "/"),
                "give the \(what) in more than one way; it is unclear which one to use.",
                fix: "Keep exactly one of \(name) (inline), \(variableKey) (environment variable) or \(fileKey) (file).")
            return .failed
        }
        guard let key = present.first else { return .absent }

        // Never echo the inline value: it is the secret.
        let text: String
        switch section.value(forKey: key) {
        case .scalar(let scalar)?:
            text = scalar
        case let other?:
            recorder.error(
                .wrongType, key: prefix + key, "must be a text value but is \(other.kindDescription).",
                fix: "Write it as \"\(key)\": \"…\".")
            return .failed
        case nil:
            return .absent
        }

        switch key.lowercased() {
        case name.lowercased():
            guard !text.isEmpty else {
                recorder.error(
                    .emptySecret, key: prefix + key, "is empty.",
                    fix: "Paste the \(what) value, or reference it with \(variableKey) or \(fileKey).")
                return .failed
            }
            return .resolved(Secret(text), .inline)

        case variableKey.lowercased():
            let variable = text.trimmingCharacters(in: .whitespaces)
            guard !variable.isEmpty else {
                recorder.error(
                    .missingKey, key: prefix + key, "is empty; it must name an environment variable.",
                    fix: "Write the variable's name, e.g. \"\(key)\": \"PREXTRA_\(name.uppercased())\".")
                return .failed
            }
            guard let value = environmentVariables[variable] else {
                recorder.error(
                    .missingVariable, key: prefix + key, "names the environment variable \(variable), which is not set.",
                    fix: "Set \(variable) in the service's environment (systemd Environment=, docker -e, the shell), or fix the name.")
                return .failed
            }
            guard !value.isEmpty else {
                recorder.error(
                    .emptySecret, key: prefix + key, "names the environment variable \(variable), which is empty.",
                    fix: "Put the \(what) value in \(variable).")
                return .failed
            }
            return .resolved(Secret(value), .environmentVariable(variable))

        default:
            guard let contents = readFile(text, key: prefix + key, what: what, into: &recorder) else { return .failed }
            // Files written by `echo` or editors end with a newline that is not part of the secret.
            let trimmed = String(contents.reversed().drop { $0.isNewline }.reversed())
            guard !trimmed.isEmpty else {
                recorder.error(
                    .emptySecret, key: prefix + key, "names the file \(text), which is empty.",
                    fix: "Write the \(what) value into \(text).")
                return .failed
            }
            return .resolved(Secret(trimmed), .file(text))
        }
    }

    /// Reads a referenced file, recording a missing or unreadable file. Never echoes its contents.
    func readFile(_ path: String, key: String, what: String, into recorder: inout ProblemRecorder) -> String? {
        let trimmedPath = path.trimmingCharacters(in: .whitespaces)
        guard !trimmedPath.isEmpty else {
            recorder.error(
                .missingKey, key: key, "is empty; it must name a file.",
                fix: "Write the path of the file holding the \(what).")
            return nil
        }
        let url = resolvePath(trimmedPath)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            recorder.error(
                .missingFile, key: key, "names the file \(trimmedPath) (\(url.path)), which does not exist.",
                fix: "Create the file with the \(what), or fix the path (relative paths start from the configuration file's folder).")
            return nil
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            recorder.error(
                .unreadableFile, key: key, "names the file \(url.path), which cannot be read.",
                fix: "Give the service's user read permission on it.")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            recorder.error(
                .unreadableFile, key: key, "names the file \(url.path), which is not UTF-8 text.",
                fix: "Save the \(what) as plain UTF-8 text.")
            return nil
        }
        return text
    }
}
