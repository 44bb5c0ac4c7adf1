import Foundation

/// `value` with exactly `digits` decimals ("0.4123"); "nan" and "inf" as C
/// prints them.
func fixed(_ value: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)f", value)
}

/// A rate or count in three significant characters: `850`, `12.3k`,
/// `1.2M`.
func compact(_ value: Double) -> String {
    guard value.isFinite else { return "\(value)" }
    let magnitude = abs(value)
    if magnitude < 999.5 { return fixed(value, 0) }
    if magnitude < 999_950 { return fixed(value / 1e3, 1) + "k" }
    if magnitude < 999_950_000 { return fixed(value / 1e6, 1) + "M" }
    return fixed(value / 1e9, 1) + "G"
}

/// A duration for an ETA: `4s`, `1m05s`, `2h03m`.
func shortDuration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "?" }
    let total = Int(max(0, seconds).rounded())
    if total < 60 { return "\(total)s" }
    if total < 3600 { return "\(total / 60)m" + twoDigits(total % 60) + "s" }
    return "\(total / 3600)h" + twoDigits(total / 60 % 60) + "m"
}

private func twoDigits(_ value: Int) -> String {
    value < 10 ? "0\(value)" : "\(value)"
}
