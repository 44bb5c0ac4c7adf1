import Foundation

/// Appends SVG elements to a string: the few shapes ``HistoryPlot`` draws,
/// with coordinates at two decimals and text escaped for XML.
struct SVGBuilder {
    /// The document so far.
    private(set) var text = ""

    /// Starts the document: an `svg` root of this size with a white
    /// background and `title` as its accessible name.
    init(width: Int, height: Int, title: String) {
        text += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        text += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\""
        text += " viewBox=\"0 0 \(width) \(height)\""
        text += " font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"
        text += "<title>\(escaped(title))</title>\n"
        text += "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"white\"/>\n"
    }

    /// Closes the root element.
    mutating func finish() {
        text += "</svg>\n"
    }

    /// Opens a group with these attributes (already escaped).
    mutating func openGroup(_ attributes: String) {
        text += "<g \(attributes)>\n"
    }

    /// Closes the innermost group.
    mutating func closeGroup() {
        text += "</g>\n"
    }

    /// A straight line.
    mutating func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String,
        width: Double = 1, dash: String? = nil
    ) {
        text += "<line x1=\"\(coordinate(x1))\" y1=\"\(coordinate(y1))\""
        text += " x2=\"\(coordinate(x2))\" y2=\"\(coordinate(y2))\""
        text += " stroke=\"\(stroke)\" stroke-width=\"\(coordinate(width))\""
        if let dash { text += " stroke-dasharray=\"\(dash)\"" }
        text += "/>\n"
    }

    /// A rectangle outline.
    mutating func rectangle(x: Double, y: Double, width: Double, height: Double, stroke: String) {
        text += "<rect x=\"\(coordinate(x))\" y=\"\(coordinate(y))\""
        text += " width=\"\(coordinate(width))\" height=\"\(coordinate(height))\""
        text += " fill=\"none\" stroke=\"\(stroke)\"/>\n"
    }

    /// An open line through `points`.
    mutating func polyline(
        _ points: [(x: Double, y: Double)], stroke: String, width: Double, dash: String?
    ) {
        let list = points.map { "\(coordinate($0.x)),\(coordinate($0.y))" }.joined(separator: " ")
        text += "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\""
        text += " stroke-width=\"\(coordinate(width))\" stroke-linejoin=\"round\""
        if let dash { text += " stroke-dasharray=\"\(dash)\"" }
        text += "/>\n"
    }

    /// A filled circle.
    mutating func circle(x: Double, y: Double, radius: Double, fill: String) {
        text += "<circle cx=\"\(coordinate(x))\" cy=\"\(coordinate(y))\""
        text += " r=\"\(coordinate(radius))\" fill=\"\(fill)\"/>\n"
    }

    /// How a text's anchor point sits along it.
    enum Anchor: String {
        case start
        case middle
        case end
    }

    /// A text; `(x, y)` is its anchor on the baseline, or on its vertical
    /// middle when `centered`; `rotation` turns it about that point, in
    /// degrees clockwise.
    mutating func label(
        _ string: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 12,
        weight: String? = nil, fill: String = "#333333", centered: Bool = false,
        rotation: Double? = nil
    ) {
        text += "<text x=\"\(coordinate(x))\" y=\"\(coordinate(y))\""
        if centered { text += " dy=\"0.35em\"" }
        text += " text-anchor=\"\(anchor.rawValue)\" font-size=\"\(coordinate(size))\""
        if let weight { text += " font-weight=\"\(weight)\"" }
        text += " fill=\"\(fill)\""
        if let rotation {
            text +=
                " transform=\"rotate(\(coordinate(rotation)) \(coordinate(x)) \(coordinate(y)))\""
        }
        text += ">\(escaped(string))</text>\n"
    }
}

/// A coordinate with at most two decimals and no trailing zeros.
private func coordinate(_ value: Double) -> String {
    var text = String(format: "%.2f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text == "-0" ? "0" : text
}

/// `string` with XML's five special characters escaped.
func escaped(_ string: String) -> String {
    var result = ""
    for character in string {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&apos;"
        default: result.append(character)
        }
    }
    return result
}
