import Foundation

/// A linear map from a data interval onto a pixel interval, with "nice"
/// tick values (multiples of 1, 2, 2.5 or 5 times a power of ten).
struct PlotScale {
    /// The data interval drawn; never empty.
    let domain: ClosedRange<Double>
    /// The pixel interval it maps onto; `start` is where
    /// `domain.lowerBound` lands (it may be the larger pixel value, for a y
    /// axis that grows upwards).
    let pixels: (start: Double, end: Double)
    /// The values that get a tick and a label, inside ``domain``.
    let ticks: [Double]
    /// Decimals that print every tick distinctly.
    let tickDecimals: Int

    /// The pixel position of `value`.
    func position(_ value: Double) -> Double {
        let fraction = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        return pixels.start + fraction * (pixels.end - pixels.start)
    }

    /// The label of a tick value.
    func tickLabel(_ value: Double) -> String {
        String(format: "%.\(tickDecimals)f", value + 0.0)
    }

    /// A value axis over the finite `values`, widened to whole tick steps.
    ///
    /// An empty or non-finite list gives `0...1`; a single value `v` (a
    /// constant series) gives `v ± 5 %` (`±0.5` around zero). The domain
    /// stays inside `bounds` when the data does (an accuracy axis stops at
    /// `1`).
    static func values(
        _ values: [Double], bounds: ClosedRange<Double>, pixels: (start: Double, end: Double),
        tickCount: Int = 5
    ) -> PlotScale {
        let finite = values.filter(\.isFinite)
        guard var low = finite.min(), var high = finite.max() else {
            let ticks = stride(from: 0.0, through: 1, by: 0.2).map { $0 }
            return PlotScale(domain: 0...1, pixels: pixels, ticks: ticks, tickDecimals: 1)
        }
        if high - low <= 1e-12 * max(abs(low), abs(high)) || high == low {
            let pad = low == 0 ? 0.5 : abs(low) * 0.05
            (low, high) = (low - pad, high + pad)
        } else {
            let pad = (high - low) * 0.03
            (low, high) = (low - pad, high + pad)
        }
        let step = niceStep((high - low) / Double(tickCount), factors: [1, 2, 2.5, 5, 10])
        var first = (low / step).rounded(.down)
        var last = (high / step).rounded(.up)
        if let minimum = finite.min(), minimum >= bounds.lowerBound {
            first = max(first, (bounds.lowerBound / step).rounded(.down))
        }
        if let maximum = finite.max(), maximum <= bounds.upperBound {
            last = min(last, (bounds.upperBound / step).rounded(.up))
        }
        let ticks = stride(from: first, through: last, by: 1).map { $0 * step }
        return PlotScale(
            domain: first * step...last * step, pixels: pixels, ticks: ticks,
            tickDecimals: decimals(of: step))
    }

    /// An epoch axis from the first to the last epoch, with whole-number
    /// ticks; a single epoch `e` is centred in `e ± 0.5`. The pixel interval
    /// is inset by `inset` on both sides so that end points clear the axes.
    static func epochs(
        _ epochs: [Int], pixels: (start: Double, end: Double), inset: Double, tickCount: Int = 8
    ) -> PlotScale {
        let first = Double(epochs.min() ?? 1)
        let last = Double(epochs.max() ?? 1)
        let inner = (start: pixels.start + inset, end: pixels.end - inset)
        guard last > first else {
            let domain = (first - 0.5)...(first + 0.5)
            return PlotScale(domain: domain, pixels: pixels, ticks: [first], tickDecimals: 0)
        }
        let step = max(1, niceStep((last - first) / Double(tickCount), factors: [1, 2, 5, 10]))
        var ticks = stride(from: (first / step).rounded(.up) * step, through: last, by: step).map {
            $0
        }
        if let second = ticks.first, second - first > step / 2 { ticks.insert(first, at: 0) }
        if ticks.isEmpty { ticks = [first] }
        return PlotScale(domain: first...last, pixels: inner, ticks: ticks, tickDecimals: 0)
    }
}

/// The smallest `factor * 10^n` at least `rough`, for the given factors
/// (ascending, ending with 10).
private func niceStep(_ rough: Double, factors: [Double]) -> Double {
    let magnitude = pow(10, (log10(rough)).rounded(.down))
    let residual = rough / magnitude
    let factor = factors.first { residual <= $0 * (1 + 1e-9) } ?? 10
    return factor * magnitude
}

/// The fewest decimals that print `step`'s multiples exactly (`0.25` -> 2).
private func decimals(of step: Double) -> Int {
    for digits in 0...12 {
        let scaled = step * pow(10, Double(digits))
        if abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled) { return digits }
    }
    return 12
}
