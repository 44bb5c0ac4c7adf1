/// One non-blank line of a CSV file split into fields.
struct CSVRecord {
    /// The line number, counted from 1.
    var line: Int
    /// The fields, unquoted; unquoted fields are trimmed of spaces and tabs.
    var fields: [String]
}

/// Splits CSV text (UTF-8 bytes) into records.
///
/// Lines end with `\n` or `\r\n`; blank lines are skipped but counted, so
/// line numbers match an editor's. A field in double quotes may contain the
/// separator, and `""` inside it stands for one quote (RFC 4180); a quoted
/// field may not span lines. A UTF-8 byte order mark is ignored.
func csvRecords(in bytes: [UInt8], separator: UInt8) -> [CSVRecord] {
    let quote = UInt8(ascii: "\"")
    let newline = UInt8(ascii: "\n")
    // Spaces, and tabs unless they separate fields, surround fields freely.
    let isBlank = { (byte: UInt8) in
        byte != separator && (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t"))
    }
    var records = [CSVRecord]()
    var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var lineNumber = 0
    while start < bytes.count {
        lineNumber += 1
        var end = bytes[start...].firstIndex(of: newline) ?? bytes.count
        let next = end + 1
        if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = bytes[start..<end]
        start = next
        if line.allSatisfy(isBlank) { continue }

        var fields = [String]()
        var position = line.startIndex
        while true {
            while position < line.endIndex && isBlank(line[position]) { position += 1 }
            var field = [UInt8]()
            if position < line.endIndex && line[position] == quote {
                position += 1
                while position < line.endIndex {
                    if line[position] == quote {
                        if position + 1 < line.endIndex && line[position + 1] == quote {
                            field.append(quote)
                            position += 2
                            continue
                        }
                        position += 1
                        break
                    }
                    field.append(line[position])
                    position += 1
                }
                while position < line.endIndex && line[position] != separator { position += 1 }
            } else {
                let fieldEnd = line[position...].firstIndex(of: separator) ?? line.endIndex
                var trimmedEnd = fieldEnd
                while trimmedEnd > position && isBlank(line[trimmedEnd - 1]) { trimmedEnd -= 1 }
                field.append(contentsOf: line[position..<trimmedEnd])
                position = fieldEnd
            }
            fields.append(String(decoding: field, as: UTF8.self))
            guard position < line.endIndex else { break }
            position += 1  // the separator
        }
        records.append(CSVRecord(line: lineNumber, fields: fields))
    }
    return records
}
