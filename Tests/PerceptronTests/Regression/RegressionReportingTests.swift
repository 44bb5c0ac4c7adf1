import Foundation
import Perceptron
import Testing

/// What a regression run reports: its epoch line, its CSV history (which
/// reads back, beside the classification form), its SVG panels, the
/// metrics to monitor and the per-target table.
@Suite("Regression reporting")
struct RegressionReportingTests {
    /// Three regression epochs, the second without validation figures.
    static var history: TrainingHistory {
        var records = (1...3).map { epoch in
            var record = EpochRecord(
                epoch: epoch, loss: 1 / Double(epoch), accuracy: 0,
                validationLoss: 0.9 / Double(epoch), learningRate: 0.01, seconds: 0.5,
                samplesPerSecond: 720)
            record.recordValidation(
                RegressionMetrics(
                    meanSquaredErrors: [0.2 / Double(epoch)],
                    meanAbsoluteErrors: [0.3 / Double(epoch)],
                    rSquaredValues: [1 - 0.5 / Double(epoch)]))
            return record
        }
        records[1].validationLoss = nil
        records[1].validationMeanSquaredError = nil
        records[1].validationMeanAbsoluteError = nil
        records[1].validationRSquared = nil
        records[1].isRegression = true
        return TrainingHistory(records: records)
    }

    @Test("the epoch line shows MSE, MAE and R² in place of the accuracies")
    func summaryLine() {
        var record = Self.history.records[2]
        #expect(record.isRegression)
        #expect(
            record.summary(epochCount: 20)
                == "epoch 3/20  loss 0.3333  val_loss 0.3000  val_mse 0.06667  val_mae 0.1  val_r2 0.8333  0.5 s  720 samples/s"
        )
        // A regression epoch without validation still leaves the accuracy out.
        record = Self.history.records[1]
        #expect(record.summary() == "epoch 2  loss 0.5000  0.5 s  720 samples/s")
    }

    @Test(
        "CSV: a regression history has its own columns and reads back, with or without a minimizer's"
    )
    func csvRoundTrip() throws {
        let history = Self.history
        let lines = history.csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == Substring(TrainingHistory.regressionCSVHeader))
        #expect(
            lines[1]
                == "1,1.0,0.9,0.2,0.3,0.5,0.01,0.5,720.0")
        #expect(lines[2] == "2,0.5,,,,,0.01,0.5,720.0")
        let read = try TrainingHistory(csv: history.csv)
        #expect(read == history)
        #expect(read.records.allSatisfy { $0.isRegression })

        var minimized = history
        minimized.records[2].iterations = 30
        minimized.records[2].functionEvaluations = 33
        minimized.records[2].gradientNorm = 0.125
        let text = minimized.csv
        #expect(
            text.hasPrefix(
                TrainingHistory.regressionCSVHeader + "," + TrainingHistory.minimizerCSVColumns))
        #expect(text.contains("\n3,0.3333333333333333,0.3,"))
        #expect(try TrainingHistory(csv: text) == minimized)
        // The classification form is unchanged and still reads.
        let classification = TrainingHistory(records: [
            EpochRecord(
                epoch: 1, loss: 0.5, accuracy: 0.75, validationLoss: 0.4, validationAccuracy: 0.8,
                learningRate: 0.1, seconds: 1, samplesPerSecond: 10)
        ])
        #expect(
            classification.csv == TrainingHistory.csvHeader + "\n1,0.5,0.75,0.4,0.8,0.1,1.0,10.0\n")
        #expect(try TrainingHistory(csv: classification.csv) == classification)
        #expect(!(try TrainingHistory(csv: classification.csv)).isRegression)
        // A regression row with a missing field is refused like any other.
        #expect(throws: ReportingError.self) {
            try TrainingHistory(
                csv: TrainingHistory.regressionCSVHeader + "\n1,0.5,0.4,0.1,0.2,0.9,0.1,1\n")
        }
    }

    @Test("a record codes the regression mark only when set, so earlier checkpoints read as before")
    func coding() throws {
        let classification = EpochRecord(
            epoch: 1, loss: 0.5, accuracy: 0.75, learningRate: 0.1, seconds: 1, samplesPerSecond: 10
        )
        let json = String(decoding: try JSONEncoder().encode(classification), as: UTF8.self)
        #expect(!json.contains("trainsOnTargets"))
        var regression = classification
        regression.isRegression = true
        let coded = try JSONEncoder().encode(regression)
        #expect(try JSONDecoder().decode(EpochRecord.self, from: coded).isRegression)
        #expect(!(try JSONDecoder().decode(EpochRecord.self, from: Data(json.utf8))).isRegression)
    }

    @Test("SVG: loss, R², MSE and MAE panels in two rows, validation series only for the three")
    func plot() throws {
        let plot = HistoryPlot(history: Self.history, title: "y = x1² + 0.5 x2")
        #expect(plot.height == 760)
        let document = try SVGDocument(plot.svg)
        #expect(
            document.polylines
                == [
                    "training-loss": 1, "validation-loss": 2, "validation-r2": 2,
                    "validation-mse": 2, "validation-mae": 2,
                ])
        for label in [
            "Loss", "R²", "Mean squared error", "Mean absolute error", "r2", "mse", "mae",
        ] {
            #expect(document.texts.contains(label), "\(label)")
        }
        #expect(!document.texts.contains("Accuracy"))
        // The second row lies below the first.
        let loss = document.polylinePoints["training-loss"]![0].map(\.y)
        let mse = document.polylinePoints["validation-mse"]!.flatMap { $0 }.map(\.y)
        #expect(mse.min()! > loss.max()!)
        #expect(HistoryPlot(history: Self.history, height: 500).height == 500)
        #expect(HistoryPlot(history: TrainingHistory()).height == 420)
    }

    @Test("the metrics to monitor: direction, validation, and which task they measure")
    func metrics() {
        let record = Self.history.records[2]
        #expect(HistoryMetric.validationRSquared.value(in: record) == record.validationRSquared)
        #expect(
            HistoryMetric.validationMeanSquaredError.value(in: record)
                == record.validationMeanSquaredError)
        #expect(HistoryMetric.validationMeanAbsoluteError.value(in: record) == 0.3 / 3)
        #expect(!HistoryMetric.validationRSquared.lowerIsBetter)
        #expect(HistoryMetric.validationMeanSquaredError.lowerIsBetter)
        #expect(HistoryMetric.validationMeanAbsoluteError.lowerIsBetter)
        #expect(HistoryMetric.allCases.filter(\.isValidation).count == 5)
        #expect(
            HistoryMetric.allCases.filter(\.isRegressionMetric).map(\.rawValue) == [
                "validation_mse", "validation_mae", "validation_r2",
            ])
        #expect(Self.history.best(by: .validationRSquared)?.epoch == 3)
        #expect(Self.history.best(by: .validationMeanAbsoluteError)?.epoch == 3)
    }

    @Test(
        "the per-target table: MSE and MAE to four significant digits, R² to four decimals, an average row"
    )
    func table() {
        let one = RegressionMetrics(
            meanSquaredErrors: [0.0032841], meanAbsoluteErrors: [0.042181],
            rSquaredValues: [0.98238])
        #expect(
            one.table(targetNames: ["y"])
                == """
                target       MSE      MAE      R²
                y       0.003284  0.04218  0.9824
                """)
        let two = RegressionMetrics(
            meanSquaredErrors: [1250.5, 0.5], meanAbsoluteErrors: [30, 0.25],
            rSquaredValues: [0.5, -0.25])
        #expect(
            two.table()
                == """
                target     MSE    MAE       R²
                y0        1250     30   0.5000
                y1         0.5   0.25  -0.2500
                average  625.5  15.12   0.1250
                """)
    }
}
