extension DecodingError {
    /// What is wrong with the metadata value `key` of a file, in words, for
    /// a ``CheckpointError``: the field's path from `key` (`"trainer.loss"`,
    /// `"history.epochs[2].loss"`) and whether it is missing, null, of the
    /// wrong kind, or holds a value its type cannot take; or that the value
    /// is not JSON at all.
    func metadataProblem(key: String) -> String {
        switch self {
        case .keyNotFound(let missing, let context):
            return "the metadata field \"\(fieldPath(key, context.codingPath + [missing]))\" is missing"
        case .valueNotFound(_, let context):
            return "the metadata field \"\(fieldPath(key, context.codingPath))\" is null"
        case .typeMismatch(let type, let context):
            return
                "the metadata field \"\(fieldPath(key, context.codingPath))\" is not \(kindName(type))"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "the metadata \"\(key)\" is not valid JSON"
        case .dataCorrupted(let context):
            return "the metadata field \"\(fieldPath(key, context.codingPath))\" has an invalid value"
        @unknown default:
            return "the metadata \"\(key)\" cannot be read"
        }
    }
}

/// `key` followed by the coding path: names joined by dots, array positions
/// in brackets.
private func fieldPath(_ key: String, _ path: [any CodingKey]) -> String {
    path.reduce(key) { text, component in
        if let index = component.intValue { return "\(text)[\(index)]" }
        return "\(text).\(component.stringValue)"
    }
}

/// The kind of JSON value a Swift type is decoded from, with its article.
private func kindName(_ type: Any.Type) -> String {
    switch type {
    case is any BinaryInteger.Type: "an integer"
    case is any BinaryFloatingPoint.Type: "a number"
    case is String.Type: "a string"
    case is Bool.Type: "true or false"
    default:
        "\(type)".hasPrefix("Array") ? "a list" : "\(type)".hasPrefix("Dictionary") ? "an object" : "of the expected kind"
    }
}
