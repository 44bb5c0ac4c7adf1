import Foundation
import Perceptron
import Synchronization
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The reporting pieces of the umbrella module: confusion matrix and
/// classification report, training history and its CSV, the SVG plot, the
/// progress bar and the per-epoch summary line. The expected numbers are
/// worked out by hand in the comments next to them.
@Suite("Reporting")
struct ReportingTests {
    // MARK: Confusion matrix

    /// Three classes, ten samples:
    ///
    /// ```
    /// actual \ predicted  0  1  2
    /// 0                   2  1  0
    /// 1                   0  2  1
    /// 2                   1  0  3
    /// ```
    static let predicted = [0, 0, 1, 1, 2, 2, 2, 0, 2, 1]
    static let actual = [0, 0, 0, 1, 1, 2, 2, 2, 2, 1]

    @Test("counts[actual][predicted], totals and accuracy")
    func confusionCounts() throws {
        let matrix = try ConfusionMatrix(
            predicted: Self.predicted, actual: Self.actual, classCount: 3)
        #expect(matrix.counts == [[2, 1, 0], [0, 2, 1], [1, 0, 3]])
        #expect(matrix.total == 10)
        #expect(matrix.correct == 7)
        #expect(matrix.accuracy == 0.7)
        #expect((0..<3).map(matrix.support(of:)) == [3, 3, 4])
    }

    @Test("precision, recall, F1 per class and averaged")
    func confusionMetrics() throws {
        let matrix = try ConfusionMatrix(
            predicted: Self.predicted, actual: Self.actual, classCount: 3)
        // Class 0: tp 2 of 3 predictions and 3 samples; class 1 likewise;
        // class 2: tp 3 of 4 predictions and 4 samples.
        let expected = [2.0 / 3, 2.0 / 3, 3.0 / 4]
        for c in 0..<3 {
            #expect(abs(matrix.precision(of: c) - expected[c]) < 1e-15)
            #expect(abs(matrix.recall(of: c) - expected[c]) < 1e-15)
            #expect(abs(matrix.f1(of: c) - expected[c]) < 1e-15)
        }
        let macro = (2.0 / 3 + 2.0 / 3 + 3.0 / 4) / 3
        #expect(abs(matrix.macroAverage.precision - macro) < 1e-15)
        #expect(abs(matrix.macroAverage.f1 - macro) < 1e-15)
        // Weighted by support 3, 3, 4: (2 + 2 + 3) / 10.
        #expect(abs(matrix.weightedAverage.recall - 0.7) < 1e-15)
    }

    @Test("0/0 is 0, and flagged undefined")
    func confusionUndefined() throws {
        // Class 2 is never predicted; class 3 neither appears nor is predicted.
        let matrix = try ConfusionMatrix(predicted: [0, 1, 1], actual: [0, 1, 2], classCount: 4)
        let never = matrix.metrics(of: 2)
        #expect(never.precision == 0 && !never.isPrecisionDefined)
        #expect(never.recall == 0 && never.isRecallDefined)
        #expect(never.f1 == 0 && never.isF1Defined)
        let absent = matrix.metrics(of: 3)
        #expect(!absent.isPrecisionDefined && !absent.isRecallDefined && !absent.isF1Defined)
        #expect(absent.f1 == 0)
        // Macro averages count undefined metrics as 0: (1 + 0.5 + 0 + 0) / 4.
        #expect(matrix.macroAverage.precision == 0.375)
        #expect(ConfusionMatrix(classCount: 2).accuracy == 0)
    }

    @Test("an out-of-range class is a typed error naming the sample")
    func confusionOutOfRange() {
        #expect(
            throws: ReportingError.classOutOfRange(
                role: "actual", value: 3, sample: 1, classCount: 3)
        ) {
            try ConfusionMatrix(predicted: [0, 1], actual: [0, 3], classCount: 3)
        }
        var matrix = ConfusionMatrix(classCount: 2)
        #expect(throws: ReportingError.self) { try matrix.record(predicted: -1, actual: 0) }
        #expect(matrix.total == 0)
        let error = ReportingError.classOutOfRange(
            role: "predicted", value: -1, sample: 0, classCount: 2)
        #expect(error.description == "sample 0: predicted class -1 is outside 0..<2")
    }

    @Test("a matrix from counts equals the one recorded pair by pair; ragged or negative counts throw")
    func confusionFromCounts() throws {
        let recorded = try ConfusionMatrix(
            predicted: [0, 1, 1, 2, 2, 2], actual: [0, 1, 2, 2, 2, 0], classCount: 3)
        let fromCounts = try ConfusionMatrix(counts: [[1, 0, 1], [0, 1, 0], [0, 1, 2]])
        #expect(fromCounts == recorded)
        #expect(fromCounts.total == 6)
        #expect(throws: ReportingError.self) { try ConfusionMatrix(counts: []) }
        #expect(throws: ReportingError.self) { try ConfusionMatrix(counts: [[1, 0], [0]]) }
        #expect(throws: ReportingError.self) { try ConfusionMatrix(counts: [[1, -1], [0, 0]]) }
    }

    @Test("the matrix as a table, with class names on the rows")
    func confusionTable() throws {
        let matrix = try ConfusionMatrix(
            predicted: Self.predicted, actual: Self.actual, classCount: 3)
        #expect(
            matrix.table(classNames: ["T-shirt/top", "Trouser", "Pullover"]) == """
                actual \\ predicted  0  1  2
                0 T-shirt/top       2  1  0
                1 Trouser           0  2  1
                2 Pullover          1  0  3
                """)
        #expect(
            matrix.description == """
                actual \\ predicted  0  1  2
                0                   2  1  0
                1                   0  2  1
                2                   1  0  3
                """)
    }

    @Test("classification report like scikit-learn's")
    func classificationReport() throws {
        let matrix = try ConfusionMatrix(
            predicted: Self.predicted, actual: Self.actual, classCount: 3)
        #expect(
            matrix.classificationReport(classNames: ["cat", "dog", "bird"], digits: 2) == """
                              precision  recall  f1-score  support

                         cat       0.67    0.67      0.67        3
                         dog       0.67    0.67      0.67        3
                        bird       0.75    0.75      0.75        4

                    accuracy                         0.70       10
                   macro avg       0.69    0.69      0.69       10
                weighted avg       0.70    0.70      0.70       10
                """)
    }

    @Test("undefined metrics print as - on request")
    func classificationReportDash() throws {
        let matrix = try ConfusionMatrix(predicted: [0, 1, 1], actual: [0, 1, 2], classCount: 4)
        let lines = matrix.classificationReport(undefined: .dash).split(separator: "\n")
        #expect(lines[3].split(separator: " ") == ["2", "-", "0.0000", "0.0000", "1"])
        #expect(lines[4].split(separator: " ") == ["3", "-", "-", "-", "0"])
        let zeros = matrix.classificationReport().split(separator: "\n")
        #expect(zeros[4].split(separator: " ") == ["3", "0.0000", "0.0000", "0.0000", "0"])
    }

    // MARK: History

    static let history = TrainingHistory(records: [
        EpochRecord(
            epoch: 1, loss: 0.1 + 0.2, accuracy: 0.8125, validationLoss: 0.5,
            validationAccuracy: 0.8,
            learningRate: 1e-3, seconds: 3.25, samplesPerSecond: 18_461.538461538461),
        EpochRecord(
            epoch: 2, loss: 0.41, accuracy: 0.85, validationLoss: 0.39, validationAccuracy: 0.86,
            learningRate: 9e-4, seconds: 3.1, samplesPerSecond: 19_400),
        EpochRecord(
            epoch: 3, loss: 0.35, accuracy: 0.87, validationLoss: 0.39, validationAccuracy: 0.86,
            learningRate: 8.1e-4, seconds: 3.0, samplesPerSecond: 20_000),
    ])

    @Test("CSV: header, empty fields for missing values, full precision, exact round trip")
    func historyCSV() throws {
        var history = Self.history
        history.append(
            EpochRecord(
                epoch: 4, loss: 0.3, accuracy: 0.9, learningRate: 1, seconds: 1, samplesPerSecond: 2
            ))
        let lines = history.csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(
            lines[0]
                == "epoch,loss,accuracy,validation_loss,validation_accuracy,learning_rate,seconds,samples_per_second"
        )
        #expect(lines[1] == "1,0.30000000000000004,0.8125,0.5,0.8,0.001,3.25,18461.53846153846")
        #expect(lines[4] == "4,0.3,0.9,,,1.0,1.0,2.0")
        #expect(lines[5] == "")
        #expect(try TrainingHistory(csv: history.csv) == history)
        let crlf = history.csv.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
        #expect(try TrainingHistory(csv: crlf) == history)
        #expect(try TrainingHistory(csv: TrainingHistory.csvHeader).records.isEmpty)
    }

    @Test("CSV errors name the source, line, column and field")
    func historyCSVErrors() {
        let header = TrainingHistory.csvHeader
        let cases: [(String, String)] = [
            ("epoch,loss\n", "h.csv: line 1: expected the header '\(header)', found 'epoch,loss'"),
            ("\(header)\n1,0.5,0.8\n", "h.csv: line 2: expected 8 fields, found 3"),
            (
                "\(header)\n1,0.5,0.8,,,0.1,1,1\n2,abc,0.8,,,0.1,1,1\n",
                "h.csv: line 3: 'abc' in column 'loss' is not a valid value"
            ),
            ("\(header)\n1,0.5,,,,0.1,1,1\n", "h.csv: line 2: missing value in column 'accuracy'"),
            (
                "\(header)\n1.5,0.5,0.8,,,0.1,1,1\n",
                "h.csv: line 2: '1.5' in column 'epoch' is not a valid value"
            ),
        ]
        for (text, message) in cases {
            do {
                _ = try TrainingHistory(csv: text, source: "h.csv")
                Issue.record("no error for \(text)")
            } catch {
                #expect(error.description == message)
            }
        }
    }

    @Test("best epoch by each metric: earliest on ties, NaN and missing skipped")
    func historyBest() {
        var history = Self.history
        #expect(history.best(by: .loss)?.epoch == 1)  // 0.1 + 0.2 < 0.35
        #expect(history.best(by: .accuracy)?.epoch == 3)
        #expect(history.best(by: .validationLoss)?.epoch == 2)
        #expect(history.best(by: .validationAccuracy)?.epoch == 2)
        history.records[0].validationLoss = .nan
        history.records[1].validationLoss = nil
        #expect(history.best(by: .validationLoss)?.epoch == 3)
        #expect(TrainingHistory().best(by: .loss) == nil)
        #expect(
            TrainingHistory(records: [
                EpochRecord(
                    epoch: 1, loss: 1, accuracy: 0, learningRate: 0, seconds: 0, samplesPerSecond: 0
                )
            ]).best(by: .validationAccuracy) == nil)
    }

    @Test("history file: written atomically, read back, JSON through Codable")
    func historyFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("history.csv")
        try Self.history.write(to: url)
        try Self.history.write(to: url)  // replacing an existing file
        #expect(try TrainingHistory(contentsOf: url) == Self.history)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["history.csv"])
        let missing = directory.appendingPathComponent("missing.csv")
        #expect(throws: ReportingError.self) { try TrainingHistory(contentsOf: missing) }
        let nowhere = directory.appendingPathComponent("no/such/dir/history.csv")
        #expect(throws: ReportingError.self) { try Self.history.write(to: nowhere) }
        let json = try JSONEncoder().encode(Self.history)
        #expect(try JSONDecoder().decode(TrainingHistory.self, from: json) == Self.history)
    }

    // MARK: Summary line

    @Test("one summary line per epoch")
    func summaryLine() {
        let record = EpochRecord(
            epoch: 3, loss: 0.41234, accuracy: 0.853, validationLoss: 0.40123,
            validationAccuracy: 0.86009,
            learningRate: 1e-3, seconds: 3.06, samplesPerSecond: 19_412)
        #expect(
            record.summary(epochCount: 20)
                == "epoch 3/20  loss 0.4123  acc 0.8530  val_loss 0.4012  val_acc 0.8601  3.1 s  19.4k samples/s"
        )
        var plain = record
        plain.validationLoss = nil
        plain.validationAccuracy = nil
        plain.samplesPerSecond = 850.2
        #expect(plain.summary() == "epoch 3  loss 0.4123  acc 0.8530  3.1 s  850 samples/s")
        plain.samplesPerSecond = 1_234_567
        #expect(plain.summary().hasSuffix("1.2M samples/s"))
        // A second-order method's figures, before the time.
        plain.iterations = 30
        plain.functionEvaluations = 33
        plain.gradientNorm = 0.002_14
        #expect(
            plain.summary()
                == "epoch 3  loss 0.4123  acc 0.8530  iterations 30  evaluations 33  |g| 2.1e-03  3.1 s  1.2M samples/s"
        )
    }

    @Test("CSV: a second-order history adds three columns, and both forms read back")
    func minimizerColumns() throws {
        var history = Self.history
        history.records[2].iterations = 30
        history.records[2].functionEvaluations = 34
        history.records[2].gradientNorm = 0.25
        let lines = history.csv.split(separator: "\n")
        #expect(
            lines[0] == TrainingHistory.csvHeader + ",iterations,function_evaluations,gradient_norm"
        )
        #expect(
            lines[1].hasSuffix(",18461.53846153846,,,") && lines[3].hasSuffix(",20000.0,30,34,0.25")
        )
        #expect(try TrainingHistory(csv: history.csv) == history)
        #expect(try TrainingHistory(csv: Self.history.csv) == Self.history)
        #expect(!Self.history.csv.contains("iterations"))
        let bad =
            TrainingHistory.csvHeader + ",iterations,function_evaluations,gradient_norm\n"
            + "1,0.5,0.8,,,0.1,1,1,2.5,3,0.1\n"
        #expect(throws: ReportingError.self) { try TrainingHistory(csv: bad) }
    }

    // MARK: Plot

    @Test("SVG: well-formed XML with a polyline per series, labels and legend")
    func plotStructure() throws {
        let svg = HistoryPlot(history: Self.history, title: "Fashion-MNIST <256-128> & Adam").svg
        let document = try SVGDocument(svg)
        #expect(document.root == "svg")
        for series in [
            "training-loss", "validation-loss", "training-accuracy", "validation-accuracy",
        ] {
            #expect(document.polylines[series] == 1, "\(series)")
            #expect(document.polylinePoints[series]?.first?.count == 3, "\(series)")
        }
        for label in [
            "Fashion-MNIST <256-128> & Adam", "Loss", "Accuracy", "epoch", "loss", "accuracy",
            "training", "validation", "1", "2", "3",
        ] {
            #expect(document.texts.contains(label), "\(label)")
        }
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    @Test("SVG without validation: training curves only, legend without validation")
    func plotWithoutValidation() throws {
        var history = Self.history
        for index in history.records.indices {
            history.records[index].validationLoss = nil
            history.records[index].validationAccuracy = nil
        }
        let document = try SVGDocument(HistoryPlot(history: history).svg)
        #expect(document.polylines == ["training-loss": 1, "training-accuracy": 1])
        #expect(!document.texts.contains("validation"))
    }

    @Test("SVG edge cases: one epoch, constant series, NaN gaps, no epochs")
    func plotEdgeCases() throws {
        let one = TrainingHistory(records: [Self.history.records[0]])
        let single = try SVGDocument(HistoryPlot(history: one).svg)
        #expect(single.polylines.count == 4)
        #expect(single.circles == 4)  // a single point is drawn as a marker

        var constant = Self.history
        for index in constant.records.indices {
            constant.records[index].loss = 0.5
            constant.records[index].accuracy = 1
            constant.records[index].validationLoss = 0
        }
        let constantSVG = HistoryPlot(history: constant).svg
        #expect(!constantSVG.contains("nan") && !constantSVG.contains("inf"))
        let points = try SVGDocument(constantSVG).polylinePoints["training-loss"]![0]
        #expect(Set(points.map(\.y)).count == 1)

        var gaps = Self.history
        gaps.records[1].loss = .nan
        gaps.records[1].validationLoss = .infinity
        gaps.records.append(
            EpochRecord(
                epoch: 4, loss: .nan, accuracy: 0.9, learningRate: 0, seconds: 1,
                samplesPerSecond: 1))
        let gapsSVG = HistoryPlot(history: gaps).svg
        #expect(!gapsSVG.contains("nan") && !gapsSVG.contains("inf"))
        let gapped = try SVGDocument(gapsSVG)
        #expect(gapped.polylines["training-loss"] == 2)
        #expect(gapped.polylines["training-accuracy"] == 1)

        let empty = try SVGDocument(HistoryPlot(history: TrainingHistory()).svg)
        #expect(empty.polylines.isEmpty)
        #expect(empty.texts.contains("no epochs"))
    }

    @Test("SVG written atomically")
    func plotFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("history.svg")
        let plot = HistoryPlot(history: Self.history)
        try plot.write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == plot.svg)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["history.svg"])
        // Set PERCEPTRON_PLOT_SAMPLES to a directory to keep sample plots
        // there, to look at them (e.g. after `rsvg-convert`).
        if let samples = ProcessInfo.processInfo.environment["PERCEPTRON_PLOT_SAMPLES"] {
            for (name, plot) in Self.samplePlots() {
                try plot.write(
                    to: URL(fileURLWithPath: samples).appendingPathComponent("\(name).svg"))
            }
        }
    }

    /// A plausible run and the edge cases, for looking at.
    static func samplePlots() -> [(String, HistoryPlot)] {
        let long = longHistory(epochs: 30)
        var gaps = long
        gaps.records[10].loss = .nan
        gaps.records[20].validationAccuracy = nil
        var constant = long
        for index in constant.records.indices {
            constant.records[index].loss = 0.5
            constant.records[index].accuracy = 1
            constant.records[index].validationLoss = nil
            constant.records[index].validationAccuracy = nil
        }
        return [
            ("history", HistoryPlot(history: long, title: "Fashion-MNIST, 256-128, Adam")),
            ("single", HistoryPlot(history: TrainingHistory(records: [long.records[0]]))),
            ("gaps", HistoryPlot(history: gaps, title: "NaN at epoch 11, no validation at 21")),
            ("constant", HistoryPlot(history: constant, title: "Constant, no validation")),
            ("empty", HistoryPlot(history: TrainingHistory())),
            ("long", HistoryPlot(history: longHistory(epochs: 200), width: 800, height: 300)),
        ]
    }

    /// Thirty epochs of a plausible run: falling losses, rising accuracies,
    /// validation levelling off.
    static func longHistory(epochs: Int) -> TrainingHistory {
        TrainingHistory(
            records: (1...epochs).map { epoch in
                let t = Double(epoch)
                return EpochRecord(
                    epoch: epoch, loss: 0.25 + 0.35 * exp(-t / 6),
                    accuracy: 0.91 - 0.12 * exp(-t / 6),
                    validationLoss: 0.3 + 0.2 * exp(-t / 5) + 0.002 * t,
                    validationAccuracy: 0.895 - 0.07 * exp(-t / 5), learningRate: 1e-3, seconds: 2,
                    samplesPerSecond: 24_000)
            })
    }

    // MARK: Progress bar

    @Test("progress line: bar, percentage, counts, loss, accuracy, rate, ETA")
    func progressLine() {
        // 27000 samples in 2.2 s: 12,273 samples/s; 33000 left: 2.7 s.
        let state = ProgressState(
            epoch: 3, epochCount: 20, samplesDone: 27_000, sampleCount: 60_000, elapsedSeconds: 2.2,
            loss: 0.41234, accuracy: 0.8532)
        #expect(
            state.line()
                == "epoch 3/20 [=========>          ] 45% 27000/60000 loss 0.4123 acc 0.853 12.3k samples/s ETA 3s"
        )
        let start = ProgressState(
            epoch: 1, epochCount: 2, samplesDone: 0, sampleCount: 600, elapsedSeconds: 0)
        #expect(start.line(barWidth: 5) == "epoch 1/2 [>    ] 0%   0/600")
        let done = ProgressState(
            epoch: 2, epochCount: 2, samplesDone: 600, sampleCount: 600, elapsedSeconds: 0.5,
            loss: 0.1)
        #expect(
            done.line(barWidth: 5)
                == "epoch 2/2 [=====] 100% 600/600 loss 0.1000 1.2k samples/s ETA 0s")
        let slow = ProgressState(
            epoch: 1, epochCount: 1, samplesDone: 10, sampleCount: 10_000, elapsedSeconds: 1)
        #expect(slow.line().hasSuffix("10 samples/s ETA 16m39s"))
        // A second-order method counts iterations, slow ones with a decimal.
        let iterations = ProgressState(
            epoch: 2, epochCount: 20, samplesDone: 4, sampleCount: 10, elapsedSeconds: 0.8,
            loss: 0.25, unit: "iterations")
        #expect(
            iterations.line(barWidth: 10)
                == "epoch 2/20 [====>     ] 40%  4/10 loss 0.2500 5.0 iterations/s ETA 1s")
    }

    @Test("on a terminal: redraws with \\r and erase, at most once per interval")
    func progressThrottle() {
        var bar = ProgressBar(output: "", isTerminal: true, barWidth: 4)
        func state(_ done: Int) -> ProgressState {
            ProgressState(
                epoch: 1, epochCount: 1, samplesDone: done, sampleCount: 100, elapsedSeconds: 0)
        }
        let drawn = [(0.0, 10), (0.05, 20), (0.1, 30), (0.15, 40), (0.25, 50), (0.26, 100)].map {
            bar.update(state($0.1), now: $0.0)
        }
        // 0.05 and 0.15 come too soon; the completed epoch always shows.
        #expect(drawn == [true, false, true, false, true, true])
        #expect(bar.output.components(separatedBy: "\r").count == 5)
        #expect(
            bar.output.hasPrefix("\repoch 1/1 [>   ] 10%  10/100\u{1B}[K\repoch 1/1 [=>  ] 30%"))
        bar.clear()
        #expect(bar.output.hasSuffix("100/100\u{1B}[K\r\u{1B}[K"))
        let redrawn = bar.update(state(10), now: 0.27)
        #expect(redrawn)  // the first drawing after clear()
    }

    @Test("the clock closure drives the throttle")
    func progressClock() {
        let time = Mutex(0.0)
        var bar = ProgressBar(output: "", isTerminal: true, clock: { time.withLock { $0 } })
        let state = ProgressState(
            epoch: 1, epochCount: 1, samplesDone: 1, sampleCount: 9, elapsedSeconds: 0)
        var drawn = [bar.update(state)]
        time.withLock { $0 = 0.09 }
        drawn.append(bar.update(state))
        time.withLock { $0 = 0.2 }
        drawn.append(bar.update(state))
        #expect(drawn == [true, false, true])
    }

    @Test("not a terminal: nothing is written")
    func progressNotTerminal() {
        var bar = ProgressBar(output: "", isTerminal: false)
        let state = ProgressState(
            epoch: 1, epochCount: 1, samplesDone: 5, sampleCount: 5, elapsedSeconds: 1)
        let drawn = bar.update(state, now: 0)
        bar.clear()
        #expect(!drawn)
        #expect(bar.output.isEmpty)
    }

    @Test("lines longer than the terminal are cut")
    func progressColumns() {
        var bar = ProgressBar(output: "", isTerminal: true, columns: 30)
        bar.update(
            ProgressState(
                epoch: 1, epochCount: 1, samplesDone: 5, sampleCount: 10, elapsedSeconds: 1), now: 0
        )
        #expect(bar.output == "\r" + "epoch 1/1 [==========>         ]".prefix(29) + "\u{1B}[K")
    }
}

// MARK: Helpers

/// A new empty directory under the system's temporary directory.
private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
        "perceptron-reporting-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// What the tests look for in an SVG, read with Foundation's XMLParser (so
/// reading it at all proves it well-formed).
struct SVGDocument {
    var root = ""
    /// Polylines per `data-series` name.
    var polylines: [String: Int] = [:]
    /// Each polyline's points per `data-series` name.
    var polylinePoints: [String: [[(x: Double, y: Double)]]] = [:]
    var circles = 0
    var texts: [String] = []

    struct Invalid: Error { var message: String }

    init(_ svg: String) throws {
        let collector = Collector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        guard parser.parse() else {
            throw Invalid(message: parser.parserError.map { "\($0)" } ?? "unknown XML error")
        }
        self = collector.document
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var document = SVGDocument(empty: ())
        private var seriesStack: [String?] = []
        private var text: String?

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
            qualifiedName: String?, attributes: [String: String]
        ) {
            if document.root.isEmpty { document.root = name }
            switch name {
            case "g": seriesStack.append(attributes["data-series"])
            case "polyline":
                let series = seriesStack.compactMap { $0 }.last ?? "?"
                document.polylines[series, default: 0] += 1
                let points = (attributes["points"] ?? "").split(separator: " ").map { pair in
                    let xy = pair.split(separator: ",").map { Double($0)! }
                    return (x: xy[0], y: xy[1])
                }
                document.polylinePoints[series, default: []].append(points)
            case "circle": document.circles += 1
            case "text": text = ""
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text? += string
        }

        func parser(
            _ parser: XMLParser, didEndElement name: String, namespaceURI: String?,
            qualifiedName: String?
        ) {
            if name == "g" { seriesStack.removeLast() }
            if name == "text", let text {
                document.texts.append(text)
                self.text = nil
            }
        }
    }

    private init(empty: Void) {}
}
