extension Duration {
    /// The duration in seconds, as a `Double` (for rates such as samples
    /// per second and for printing).
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
