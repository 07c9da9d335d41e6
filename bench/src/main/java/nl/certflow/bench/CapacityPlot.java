package nl.certflow.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * A PNG of the saturation sweep (Java2D, headless): completed lifecycles/s (left) and the node's CPU ms per lifecycle
 * (right) against concurrent customers on a log₂ scale, a line per database kind; the in-process ceilings at
 * saturation as dashed lines on the left.
 */
final class CapacityPlot {

    private static final int PANEL = 520;
    private static final int HEIGHT = 400;
    private static final int MARGIN = 60;
    private static final Color[] COLORS = {new Color(0x2b6cb0), new Color(0xdd6b20), new Color(0x2f855a)};
    private static final Stroke LINE = new BasicStroke(2);
    private static final Stroke DASHED =
            new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0);

    private CapacityPlot() {}

    static void write(List<Figures> all, Path file) throws IOException {
        BufferedImage image = new BufferedImage(2 * PANEL, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 2 * PANEL, HEIGHT);
        panel(g, all, 0, "completed lifecycles/s", Sweep.Step::perSecond, true);
        panel(g, all, PANEL, "node CPU ms per lifecycle", Sweep.Step::cpuMsPerLifecycle, false);
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static void panel(
            Graphics2D g,
            List<Figures> all,
            int left,
            String title,
            ToDoubleFunction<Sweep.Step> value,
            boolean ceilings) {
        int maxCustomers = 1;
        double maxValue = 0;
        for (Figures f : all) {
            for (Sweep.Step s : f.sweep.steps()) {
                maxCustomers = Math.max(maxCustomers, s.customers());
                maxValue = Math.max(maxValue, finite(value.applyAsDouble(s)));
            }
            if (ceilings) {
                maxValue = Math.max(maxValue, finite(Figures.peak(f.ceilingA)[1]));
                maxValue = Math.max(maxValue, finite(Figures.peak(f.ceilingB)[1]));
            }
        }
        maxValue = maxValue <= 0 ? 1 : maxValue * 1.1;
        Axes axes = new Axes(left + MARGIN, 50, PANEL - MARGIN - 20, HEIGHT - 50 - 60, maxCustomers, maxValue);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title + " against concurrent customers", left + MARGIN, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setStroke(new BasicStroke(1));
        for (int c = Settings.SWEEP_FIRST; c <= maxCustomers; c *= 2) {
            int x = axes.x(c);
            g.setColor(new Color(0xdddddd));
            g.drawLine(x, axes.top, x, axes.bottom());
            g.setColor(Color.DARK_GRAY);
            g.drawString(Integer.toString(c), x - 8, axes.bottom() + 15);
        }
        for (int i = 0; i <= 4; i++) {
            double v = maxValue * i / 4;
            int y = axes.y(v);
            g.setColor(new Color(0xdddddd));
            g.drawLine(axes.left, y, axes.right(), y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.0f", v), axes.left - 35, y + 4);
        }
        g.drawString("customers (each polls its order every second)", axes.left + 80, axes.bottom() + 32);
        int legend = axes.bottom() + 50;
        for (int i = 0; i < all.size(); i++) {
            Figures f = all.get(i);
            Color color = COLORS[i % COLORS.length];
            g.setColor(color);
            g.setStroke(LINE);
            int[] last = null;
            for (Sweep.Step s : f.sweep.steps()) {
                double v = value.applyAsDouble(s);
                if (!Double.isFinite(v)) {
                    continue;
                }
                int[] point = {axes.x(s.customers()), axes.y(v)};
                g.fillOval(point[0] - 3, point[1] - 3, 7, 7);
                if (last != null) {
                    g.drawLine(last[0], last[1], point[0], point[1]);
                }
                last = point;
            }
            String label = f.database;
            if (ceilings) {
                g.setStroke(DASHED);
                for (String model : List.of("a", "b")) {
                    double ceiling = Figures.peak(model.equals("a") ? f.ceilingA : f.ceilingB)[1];
                    if (Double.isFinite(ceiling)) {
                        int y = axes.y(ceiling);
                        g.drawLine(axes.left, y, axes.right(), y);
                        g.drawString("ceiling (" + model + ") " + f.database, axes.right() - 110 - 120 * i, y - 3);
                    }
                }
                label += " (dashed: in-process ceilings)";
            }
            g.drawString("● " + label, left + MARGIN + i * 220, legend);
        }
        g.setStroke(new BasicStroke(1));
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    private record Axes(int left, int top, int width, int height, int maxCustomers, double maxValue) {

        int right() {
            return left + width;
        }

        int bottom() {
            return top + height;
        }

        int x(int customers) {
            double span = Math.log(maxCustomers / (double) Settings.SWEEP_FIRST);
            double fraction = span == 0 ? 0 : Math.log(customers / (double) Settings.SWEEP_FIRST) / span;
            return left + (int) (fraction * width);
        }

        int y(double value) {
            return bottom() - (int) (value / maxValue * height);
        }
    }
}
