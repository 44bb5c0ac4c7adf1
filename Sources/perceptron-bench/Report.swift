import Foundation
import Tensor

/// Prints the measurements as a table (or JSON) with a summary of the
/// Tensor layer's overhead against raw cblas.
struct Report {
    var openBLAS: String
    var coreName: String
    var settings: MeasurementSettings
    var showsProgress: Bool

    /// Reports one finished measurement on stderr, so a long run shows life
    /// without disturbing the table or the JSON on stdout.
    func progress(_ measurement: Measurement) -> Measurement {
        if showsProgress {
            FileHandle.standardError.write(
                Data(
                    "  measured \(measurement.name) \(measurement.precision) t=\(measurement.threads)\n"
                        .utf8))
        }
        return measurement
    }

    func table(_ measurements: [Measurement]) -> String {
        var lines = [
            "perceptron-bench: \(openBLAS) (\(coreName)); median of \(settings.repetitions) samples of >= \(format(settings.minimumSampleSeconds * 1000, 0)) ms",
            "",
        ]
        let header = [
            "product", "m x n x k", "type", "thr", "naive GF/s", "BLAS.gemm GF/s", "cblas GF/s",
            "gemm/cblas", "speedup", "max |diff|",
        ]
        var rows = [header]
        for m in measurements {
            rows.append([
                m.name, m.shape, m.precision, "\(m.threads)",
                m.referenceGFLOPS.map { format($0, 2) } ?? "skipped",
                format(m.tensorGFLOPS, 1), format(m.rawGFLOPS, 1),
                format(m.tensorOverRaw * 100, 1) + "%",
                m.speedup.map { format($0, 0) + "x" } ?? "-",
                String(format: "%.1e", m.maximumAbsoluteDifference)
                    + (m.comparedWith == "raw" ? "*" : ""),
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max()! }
        for (index, row) in rows.enumerated() {
            let cells = row.enumerated().map { column, cell in
                column < 3
                    ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }
            lines.append(cells.joined(separator: "  "))
            if index == 0 {
                lines.append(
                    widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
            }
        }
        if measurements.contains(where: { $0.referenceGFLOPS == nil }) {
            lines.append("")
            lines.append(
                "skipped: the reference kernel on products above \(settings.referenceLimitGFLOP) GFLOP (--reference-limit); * difference against raw cblas instead"
            )
        }
        lines.append("")
        lines.append(contentsOf: summary(measurements))
        return lines.joined(separator: "\n")
    }

    /// The acceptance figures: the Tensor layer's worst fraction of raw cblas
    /// on large squares (n >= 256) and on the dense-layer products.
    func summary(_ measurements: [Measurement]) -> [String] {
        let large = measurements.filter { m in
            m.name.hasPrefix("square") && (Int(m.name.split(separator: "=").last ?? "") ?? 0) >= 256
        }
        let dense = measurements.filter { !$0.name.hasPrefix("square") }
        var lines: [String] = []
        for (label, group) in [("square n >= 256", large), ("dense-layer products", dense)] {
            guard let worst = group.min(by: { $0.tensorOverRaw < $1.tensorOverRaw }) else {
                continue
            }
            let mean = group.map(\.tensorOverRaw).reduce(0, +) / Double(group.count)
            lines.append(
                "BLAS.gemm / cblas on \(label): worst \(format(worst.tensorOverRaw * 100, 1))% (\(worst.name) \(worst.precision) t=\(worst.threads)), mean \(format(mean * 100, 1))%"
            )
        }
        return lines
    }

    func json(_ measurements: [Measurement]) throws -> String {
        struct Document: Encodable {
            var openBLAS: String
            var coreName: String
            var repetitions: Int
            var minimumSampleMilliseconds: Double
            var measurements: [Measurement]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let document = Document(
            openBLAS: openBLAS, coreName: coreName, repetitions: settings.repetitions,
            minimumSampleMilliseconds: settings.minimumSampleSeconds * 1000,
            measurements: measurements)
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    private func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
