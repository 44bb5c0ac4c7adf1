import Tensor
import Foundation

/// The loss and accuracy curves of a ``TrainingHistory`` as an SVG image:
/// two panels side by side, loss on the left and accuracy on the right,
/// each against the epoch, training as a solid line and validation as a
/// dashed one.
///
/// ```swift
/// let plot = HistoryPlot(history: history, title: "Fashion-MNIST, 256-128, Adam")
/// try plot.write(to: URL(fileURLWithPath: "history.svg"))
/// ```
///
/// The SVG is written by hand (no dependencies) and opens in any browser.
/// Each panel has labelled ticks, grid lines and axis titles; a legend
/// under the title names the series. Validation series are left out when
/// the history has none; values that are NaN or infinite break a line
/// rather than stretch the axes; a single epoch or a constant series still
/// gets a readable axis. Each series is a group with a `data-series`
/// attribute (`training-loss`, `validation-loss`, `training-accuracy`,
/// `validation-accuracy`) holding one `polyline` per unbroken run, with
/// point markers when there are few epochs.
///
/// A regression's history (``EpochRecord/isRegression``) gets four panels
/// in two rows: the loss, then the validation R², mean squared error and
/// mean absolute error (in the targets' original units), whose series are
/// `validation-r2`, `validation-mse` and `validation-mae`; its default
/// height is 760.
public struct HistoryPlot: Sendable {
    /// The records to draw.
    public var history: TrainingHistory
    /// The heading above both panels.
    public var title: String
    /// The image's width in pixels; 1000 by default.
    public var width: Int
    /// The image's height in pixels; 420 by default.
    public var height: Int

    /// A plot of `history`; `height` defaults to 420, or 760 for a
    /// regression's two rows of panels.
    ///
    /// Stops (a programmer error) when the image is smaller than 400 x 200.
    public init(
        history: TrainingHistory, title: String = "Training history", width: Int = 1000,
        height: Int? = nil
    ) {
        let height = height ?? (history.isRegression ? 760 : 420)
        require(
            width >= 400 && height >= 200,
            "HistoryPlot: \(width)x\(height) is smaller than the minimum 400x200")
        self.history = history
        self.title = title
        self.width = width
        self.height = height
    }

    /// The SVG document.
    public var svg: String {
        var svg = SVGBuilder(width: width, height: height, title: title)
        let center = Double(width) / 2
        svg.label(title, x: center, y: 30, anchor: .middle, size: 18, weight: "bold")
        drawLegend(into: &svg, center: center, y: 54)
        let margin = 12.0
        let panelWidth = (Double(width) - 2 * margin) / 2
        // Two panels a row: one row, or two for a regression's four.
        let kinds = PlotPanel.Kind.panels(of: history)
        let rowHeight = (Double(height) - 72) / Double((kinds.count + 1) / 2)
        for (index, kind) in kinds.enumerated() {
            let panel = PlotPanel(
                kind: kind, history: history,
                frame: (
                    x: margin + Double(index % 2) * panelWidth,
                    y: 72 + Double(index / 2) * rowHeight, width: panelWidth, height: rowHeight
                ))
            panel.draw(into: &svg)
        }
        svg.finish()
        return svg.text
    }

    /// Writes ``svg`` to `url` atomically (a temporary file beside it, then
    /// renamed over it).
    ///
    /// - Throws: ``ReportingError/unwritableFile(path:reason:)``.
    public func write(to url: URL) throws(ReportingError) {
        try writeAtomically(svg, to: url)
    }

    /// The legend: a line sample and a name per series kind, centred.
    private func drawLegend(into svg: inout SVGBuilder, center: Double, y: Double) {
        var entries = [PlotPanel.Series.training]
        if history.hasValidation { entries.append(.validation) }
        let entryWidth = 130.0
        var x = center - entryWidth * Double(entries.count) / 2 + 10
        svg.openGroup("class=\"legend\"")
        for series in entries {
            svg.line(x, y, x + 28, y, stroke: series.color, width: 2.5, dash: series.dash)
            svg.label(series.name, x: x + 36, y: y, size: 13, centered: true)
            x += entryWidth
        }
        svg.closeGroup()
    }
}
