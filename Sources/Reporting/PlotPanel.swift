/// One panel of a ``HistoryPlot``: the training and validation curves of
/// one metric with their axes.
struct PlotPanel {
    /// What the panel shows.
    enum Kind: CaseIterable {
        case loss
        case accuracy
        /// Regression: the validation R², MSE and MAE (no training series).
        case rSquared
        case meanSquaredError
        case meanAbsoluteError

        /// The panel's heading.
        var heading: String {
            switch self {
            case .loss: "Loss"
            case .accuracy: "Accuracy"
            case .rSquared: "R²"
            case .meanSquaredError: "Mean squared error"
            case .meanAbsoluteError: "Mean absolute error"
            }
        }
        /// The vertical axis's title, also the panel's `data-panel` and
        /// its series' `data-series` suffix.
        var axisTitle: String {
            switch self {
            case .loss: "loss"
            case .accuracy: "accuracy"
            case .rSquared: "r2"
            case .meanSquaredError: "mse"
            case .meanAbsoluteError: "mae"
            }
        }
        /// Values the axis does not go beyond when the data stays inside.
        var bounds: ClosedRange<Double> {
            switch self {
            case .accuracy: 0...1
            case .rSquared: -Double.infinity...1
            default: 0...Double.infinity
            }
        }

        /// The panels of `history`: loss and accuracy, or for a regression
        /// loss, R², MSE and MAE.
        static func panels(of history: TrainingHistory) -> [Kind] {
            history.isRegression
                ? [.loss, .rSquared, .meanSquaredError, .meanAbsoluteError] : [.loss, .accuracy]
        }
    }

    /// Training or validation.
    enum Series {
        case training
        case validation

        /// The legend's word.
        var name: String { self == .training ? "training" : "validation" }
        /// The stroke colour (matplotlib's first two).
        var color: String { self == .training ? "#1f77b4" : "#ff7f0e" }
        /// The stroke's dash pattern.
        var dash: String? { self == .training ? nil : "7 4" }
    }

    let kind: Kind
    let history: TrainingHistory
    /// The panel's area in the image.
    let frame: (x: Double, y: Double, width: Double, height: Double)

    /// The values of `series` in record order; `nil` where missing.
    private func values(_ series: Series) -> [Double?] {
        history.records.map { record in
            switch (kind, series) {
            case (.loss, .training): record.loss
            case (.loss, .validation): record.validationLoss
            case (.accuracy, .training): record.accuracy
            case (.accuracy, .validation): record.validationAccuracy
            case (.rSquared, .validation): record.validationRSquared
            case (.meanSquaredError, .validation): record.validationMeanSquaredError
            case (.meanAbsoluteError, .validation): record.validationMeanAbsoluteError
            case (.rSquared, .training), (.meanSquaredError, .training),
                (.meanAbsoluteError, .training):
                nil
            }
        }
    }

    /// Draws the heading, axes, ticks, grid and curves.
    func draw(into svg: inout SVGBuilder) {
        let left = frame.x + 70
        let right = frame.x + frame.width - 22
        let top = frame.y + 34
        let bottom = frame.y + frame.height - 52
        let x = PlotScale.epochs(
            history.records.map(\.epoch), pixels: (left, right), inset: 10)
        let all = (values(.training) + values(.validation)).compactMap { $0 }
        let y = PlotScale.values(all, bounds: kind.bounds, pixels: (bottom, top))

        svg.openGroup("class=\"panel\" data-panel=\"\(kind.axisTitle)\"")
        svg.label(
            kind.heading, x: (left + right) / 2, y: top - 12, anchor: .middle, size: 15,
            weight: "bold")
        for tick in y.ticks {
            let position = y.position(tick)
            svg.line(left, position, right, position, stroke: "#e6e6e6")
            svg.line(left - 5, position, left, position, stroke: "#444444")
            svg.label(
                y.tickLabel(tick), x: left - 8, y: position, anchor: .end, size: 11,
                centered: true)
        }
        for tick in x.ticks {
            let position = x.position(tick)
            svg.line(position, top, position, bottom, stroke: "#f0f0f0")
            svg.line(position, bottom, position, bottom + 5, stroke: "#444444")
            svg.label(x.tickLabel(tick), x: position, y: bottom + 19, anchor: .middle, size: 11)
        }
        svg.rectangle(x: left, y: top, width: right - left, height: bottom - top, stroke: "#444444")
        svg.label("epoch", x: (left + right) / 2, y: bottom + 40, anchor: .middle, size: 13)
        svg.label(
            kind.axisTitle, x: frame.x + 18, y: (top + bottom) / 2, anchor: .middle, size: 13,
            centered: true, rotation: -90)
        if history.records.isEmpty {
            svg.label(
                "no epochs", x: (left + right) / 2, y: (top + bottom) / 2, anchor: .middle,
                size: 13, fill: "#888888", centered: true)
        }
        for series in [Series.training, .validation] {
            drawCurve(series, x: x, y: y, into: &svg)
        }
        svg.closeGroup()
    }

    /// One polyline per run of finite values, and markers when the epochs
    /// are few (or the run is a single point, which a line cannot show).
    private func drawCurve(_ series: Series, x: PlotScale, y: PlotScale, into svg: inout SVGBuilder)
    {
        var runs: [[(x: Double, y: Double)]] = []
        var run: [(x: Double, y: Double)] = []
        for (record, value) in zip(history.records, values(series)) {
            if let value, value.isFinite {
                run.append((x.position(Double(record.epoch)), y.position(value)))
            } else if !run.isEmpty {
                runs.append(run)
                run = []
            }
        }
        if !run.isEmpty { runs.append(run) }
        guard !runs.isEmpty else { return }
        svg.openGroup("class=\"series\" data-series=\"\(series.name)-\(kind.axisTitle)\"")
        for run in runs {
            svg.polyline(run, stroke: series.color, width: 2, dash: series.dash)
            if history.records.count <= 40 || run.count == 1 {
                for point in run {
                    svg.circle(x: point.x, y: point.y, radius: 3, fill: series.color)
                }
            }
        }
        svg.closeGroup()
    }
}
