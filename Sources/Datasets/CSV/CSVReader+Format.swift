extension CSVReader {
    /// The separators ``separator`` detection chooses from, in the order
    /// that breaks ties.
    public static let detectableSeparators: [Character] = [",", ";", "\t"]

    /// This reader with ``separator`` and ``hasHeader`` settled for the file
    /// at `path` (reading only its first 64 KiB): the settings given are
    /// kept, the missing ones detected as ``resolvedFormat(of:)`` does.
    public func resolvedFormat(ofFileAt path: String) throws(DatasetError) -> CSVReader {
        resolvedFormat(of: try ZlibFileReader(path: path).read(count: 1 << 16))
    }

    /// This reader with ``separator`` and ``hasHeader`` settled for CSV
    /// text whose start is `bytes`. The settings given are kept; a missing
    /// one is detected from the first non-blank line:
    ///
    /// - the separator is the most frequent of `,` `;` and tab outside
    ///   double quotes (ties in that order; `,` when there is none);
    /// - the line is a header unless every field but the label column is a
    ///   number. A label column given by name needs a header.
    public func resolvedFormat(of bytes: [UInt8]) -> CSVReader {
        var resolved = self
        let firstLine = Self.firstLine(of: bytes)
        if resolved.separator == nil {
            resolved.separator = Self.mostFrequentSeparator(in: firstLine)
        }
        if resolved.hasHeader == nil {
            let fields =
                csvRecords(in: Array(firstLine), separator: resolved.separator!.asciiValue!).first?
                .fields ?? []
            var labelIndex: Int?
            switch targetColumns == nil ? labelColumn : .name("") {
            case .name: labelIndex = nil
            case .index(let index): labelIndex = index
            case .last, .automatic: labelIndex = fields.count - 1
            }
            if targetColumns?.allSatisfy({ if case .name = $0 { false } else { true } }) == true {
                // Every column of a regression file is a number (a target
                // given by name needs a header).
                resolved.hasHeader = !fields.allSatisfy { Double($0) != nil }
            } else if let labelIndex {
                resolved.hasHeader = !fields.indices.allSatisfy {
                    $0 == labelIndex || Double(fields[$0]) != nil
                }
            } else {
                resolved.hasHeader = true
            }
        }
        return resolved
    }

    /// "a header row, ';'-separated", for a run's description line.
    public var formatDescription: String {
        let header =
            switch hasHeader {
            case true?: "a header row"
            case false?: "no header row"
            case nil: "header row to detect"
            }
        let name = separator.map { $0 == "\t" ? "tab" : "'\($0)'" } ?? "separator to detect"
        return "\(header), \(name)-separated"
    }

    /// The first non-blank line of `bytes`, without a byte order mark.
    static func firstLine(of bytes: [UInt8]) -> ArraySlice<UInt8> {
        var rest = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
        while let end = rest.firstIndex(of: UInt8(ascii: "\n"))
            ?? (rest.isEmpty ? nil : rest.endIndex)
        {
            let line = rest[rest.startIndex..<end]
            if line.contains(where: {
                ![UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains($0)
            }) {
                return line
            }
            rest = end < rest.endIndex ? rest[(end + 1)...] : []
        }
        return []
    }

    /// The most frequent of ``detectableSeparators`` outside double quotes
    /// in `line` (ties in that order), or `,` when there is none.
    public static func mostFrequentSeparator(in line: ArraySlice<UInt8>) -> Character {
        var counts = [Int](repeating: 0, count: detectableSeparators.count)
        var quoted = false
        for byte in line {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if !quoted,
                let index = detectableSeparators.firstIndex(where: { $0.asciiValue == byte })
            {
                counts[index] += 1
            }
        }
        let best = counts.indices.max {
            counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1)
        }!
        return counts[best] > 0 ? detectableSeparators[best] : ","
    }
}
