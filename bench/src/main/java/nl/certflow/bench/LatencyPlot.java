package nl.certflow.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import nl.certflow.bench.Latencies.Summary;

/** A PNG of p50 and p99 latencies per operation and database kind, on a log scale (Java2D, headless). */
final class LatencyPlot {

    private static final int WIDTH = 900;
    private static final int ROW = 22;
    private static final int LEFT = 260;
    private static final double MIN_MS = 0.1;
    private static final double MAX_MS = 100_000;
    private static final Color P50 = new Color(0x2b6cb0);
    private static final Color P99 = new Color(0xdd6b20);

    private LatencyPlot() {}

    static void write(List<Figures> all, Path file) throws IOException {
        Map<String, Summary> bars = new LinkedHashMap<>();
        for (Figures f : all) {
            f.calls.forEach((name, s) -> bars.put(f.database + "  API " + name, s));
            bars.put(f.database + "  push → status", f.pushToStatus);
            bars.put(f.database + "  push ack @200/s", f.pushAck);
        }
        int height = 60 + bars.size() * ROW * 2 + 40;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("certflow latency (ms, log scale): p50 blue, p99 orange", 20, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int top = 45;
        int bottom = top + bars.size() * ROW * 2;
        for (double ms = MIN_MS; ms <= MAX_MS; ms *= 10) {
            int x = x(ms);
            g.setColor(new Color(0xdddddd));
            g.drawLine(x, top, x, bottom);
            g.setColor(Color.DARK_GRAY);
            g.drawString(ms < 1 ? String.valueOf(ms) : String.format(Locale.ROOT, "%.0f", ms), x - 8, bottom + 15);
        }
        int y = top;
        for (Map.Entry<String, Summary> bar : bars.entrySet()) {
            g.setColor(Color.BLACK);
            g.drawString(bar.getKey(), 10, y + ROW + 4);
            Summary s = bar.getValue();
            if (s != null && s.n() > 0) {
                drawBar(g, y + 3, s.p50(), P50);
                drawBar(g, y + ROW + 3, s.p99(), P99);
            }
            y += ROW * 2;
        }
        g.setStroke(new BasicStroke(1));
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static void drawBar(Graphics2D g, int y, double ms, Color color) {
        g.setColor(color);
        int x = x(Math.max(ms, MIN_MS));
        g.fillRect(LEFT, y, x - LEFT, ROW - 6);
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, "%.1f", ms), x + 4, y + ROW - 9);
    }

    private static int x(double ms) {
        double fraction = Math.log10(ms / MIN_MS) / Math.log10(MAX_MS / MIN_MS);
        return LEFT + (int) (fraction * (WIDTH - LEFT - 60));
    }
}
