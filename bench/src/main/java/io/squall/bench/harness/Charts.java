package io.squall.bench.harness;

import io.squall.bench.harness.Results.Row;
import io.squall.bench.harness.Results.WorkloadResult;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** Bar charts of one run, drawn with XChart into PNG files. Stateless. */
public final class Charts {
  private static final Color SQUALL = new Color(0x1f, 0x6f, 0xb4);
  private static final Color P99 = new Color(0xd9, 0x6c, 0x1e);

  private Charts() {}

  /** Writes {@code <id>.png} (the figure) and, when latencies exist, {@code <id>-latency.png}; returns the files. */
  public static List<Path> write(WorkloadResult w, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Path> files = new ArrayList<>();
    List<Row> ok = charted(w);
    if (ok.isEmpty()) {
      return files;
    }
    List<String> names = ok.stream().map(Row::peer).toList();
    CategoryChart chart = base(w.title(), w.metric() + (w.higherIsBetter() ? " (higher is better)" : " (lower is better)"));
    chart.addSeries(w.metric(), names, ok.stream().map(Row::value).toList()).setFillColor(SQUALL);
    Path main = dir.resolve(w.id() + ".png");
    BitmapEncoder.saveBitmap(chart, main.toString(), BitmapEncoder.BitmapFormat.PNG);
    files.add(main);
    List<Row> lat = ok.stream().filter(r -> r.p50us() != null && r.p99us() != null && r.p50us() > 0 && r.p99us() > 0).toList();
    if (!lat.isEmpty() && w.id().matches("echo-.*|broadcast-.*")) {
      CategoryChart l = base(w.title() + ": latency", "µs (log scale, lower is better)");
      l.getStyler().setYAxisLogarithmic(true);
      l.getStyler().setYAxisMin(1.0);
      List<String> ln = lat.stream().map(Row::peer).toList();
      l.addSeries("p50", ln, lat.stream().map(r -> Math.max(1, r.p50us())).toList()).setFillColor(SQUALL);
      l.addSeries("p99", ln, lat.stream().map(r -> Math.max(1, r.p99us())).toList()).setFillColor(P99);
      Path lp = dir.resolve(w.id() + "-latency.png");
      BitmapEncoder.saveBitmap(l, lp.toString(), BitmapEncoder.BitmapFormat.PNG);
      files.add(lp);
    }
    return files;
  }

  /**
   * The rows a chart shows: every figure, a throughput of 0 included (a peer that delivered nothing
   * in the window gets an empty bar rather than no bar); failed rows have no figure.
   */
  static List<Row> charted(WorkloadResult w) {
    return w.rows().stream().filter(r -> r.ok() && (r.value() > 0 || w.higherIsBetter())).toList();
  }

  private static CategoryChart base(String title, String yTitle) {
    CategoryChart c = new CategoryChartBuilder().width(760).height(380).title(title).yAxisTitle(yTitle).build();
    Styler s = c.getStyler();
    s.setLegendPosition(Styler.LegendPosition.InsideNE);
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    c.getStyler().setLabelsVisible(true);
    c.getStyler().setLabelsFontColorAutomaticEnabled(false);
    c.getStyler().setLabelsFontColor(Color.DARK_GRAY);
    c.getStyler().setDecimalPattern("#,###");
    c.getStyler().setXAxisLabelRotation(20);
    return c;
  }
}
